package io.shoebox.metadata.media.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes TIFF structures for tests: EXIF blocks (IFD0 with Exif, GPS and IFD1 thumbnail directories)
 * and small TIFF-based "raws" with sub-directories and embedded JPEGs, in either byte order.
 */
final class TiffBuilder {

    static final int MAKE = 0x10F;
    static final int MODEL = 0x110;
    static final int ORIENTATION = 0x112;
    static final int EXIF_IFD = 0x8769;
    static final int GPS_IFD = 0x8825;
    static final int SUB_IFDS = 0x14A;
    static final int DATE_TIME_ORIGINAL = 0x9003;
    static final int DATE_TIME_DIGITIZED = 0x9004;
    static final int OFFSET_TIME_ORIGINAL = 0x9011;
    static final int LENS_MODEL = 0xA434;
    static final int GPS_LATITUDE_REF = 1;
    static final int GPS_LATITUDE = 2;
    static final int GPS_LONGITUDE_REF = 3;
    static final int GPS_LONGITUDE = 4;
    static final int GPS_ALTITUDE_REF = 5;
    static final int GPS_ALTITUDE = 6;
    static final int GPS_TIME_STAMP = 7;
    static final int GPS_DATE_STAMP = 0x1D;

    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int UNDEFINED = 7;

    /** One directory; values are written where TIFF wants them, pointers once the layout is known. */
    final class Dir {
        private final TreeMap<Integer, Object[]> entries = new TreeMap<>();
        private Dir next;

        Dir text(int tag, String value) {
            byte[] bytes = (value + "\0").getBytes(StandardCharsets.ISO_8859_1);
            entries.put(tag, new Object[] {ASCII, bytes.length, bytes});
            return this;
        }

        Dir shorts(int tag, int... values) {
            byte[] bytes = new byte[values.length * 2];
            for (int i = 0; i < values.length; i++) {
                put16(bytes, 2 * i, values[i]);
            }
            entries.put(tag, new Object[] {SHORT, values.length, bytes});
            return this;
        }

        Dir longs(int tag, long... values) {
            byte[] bytes = new byte[values.length * 4];
            for (int i = 0; i < values.length; i++) {
                put32(bytes, 4 * i, values[i]);
            }
            entries.put(tag, new Object[] {LONG, values.length, bytes});
            return this;
        }

        /** Rationals as numerator, denominator pairs. */
        Dir rationals(int tag, long... pairs) {
            byte[] bytes = new byte[pairs.length * 4];
            for (int i = 0; i < pairs.length; i++) {
                put32(bytes, 4 * i, pairs[i]);
            }
            entries.put(tag, new Object[] {RATIONAL, pairs.length / 2, bytes});
            return this;
        }

        Dir undefined(int tag, byte[] bytes) {
            entries.put(tag, new Object[] {UNDEFINED, bytes.length, bytes});
            return this;
        }

        /** A LONG pointer to another directory (Exif, GPS, sub-directories). */
        Dir pointer(int tag, Dir child) {
            entries.put(tag, new Object[] {LONG, 1, child});
            return this;
        }

        /** LONG pointers to several directories (sub-directories of a raw: preview, raw data). */
        Dir pointers(int tag, Dir... children) {
            entries.put(tag, new Object[] {LONG, children.length, children});
            return this;
        }

        /** A LONG offset tag and a LONG length tag for a block of bytes stored elsewhere (a JPEG preview). */
        Dir blob(int offsetTag, int lengthTag, byte[] data) {
            entries.put(offsetTag, new Object[] {LONG, 1, new Blob(data)});
            longs(lengthTag, data.length);
            return this;
        }

        /** The next directory in the chain (IFD1 after IFD0). */
        Dir next(Dir dir) {
            this.next = dir;
            return this;
        }

        private int size() {
            int size = 2 + 12 * entries.size() + 4;
            for (Object[] e : entries.values()) {
                if (e[2] instanceof byte[] bytes && bytes.length > 4) {
                    size += bytes.length + (bytes.length & 1);
                } else if (e[2] instanceof Dir[] children && children.length > 1) {
                    size += 4 * children.length;
                }
            }
            return size;
        }
    }

    private record Blob(byte[] data) {
    }

    private final boolean little;
    private final Dir first = new Dir();

    TiffBuilder(boolean littleEndian) {
        this.little = littleEndian;
    }

    TiffBuilder() {
        this(false);
    }

    Dir ifd0() {
        return first;
    }

    Dir dir() {
        return new Dir();
    }

    byte[] build() {
        List<Dir> dirs = new ArrayList<>();
        List<Blob> blobs = new ArrayList<>();
        collect(first, dirs, blobs);
        Map<Object, Integer> offsets = new IdentityHashMap<>();
        int at = 8;
        for (Dir d : dirs) {
            offsets.put(d, at);
            at += d.size();
        }
        for (Blob b : blobs) {
            offsets.put(b, at);
            at += b.data().length + (b.data().length & 1);
        }
        byte[] out = new byte[at];
        out[0] = out[1] = (byte) (little ? 'I' : 'M');
        put16(out, 2, 42);
        put32(out, 4, 8);
        for (Dir d : dirs) {
            int start = offsets.get(d);
            int data = start + 2 + 12 * d.entries.size() + 4;
            put16(out, start, d.entries.size());
            int entry = start + 2;
            for (Map.Entry<Integer, Object[]> e : d.entries.entrySet()) {
                int type = (int) e.getValue()[0];
                int count = (int) e.getValue()[1];
                Object value = e.getValue()[2];
                put16(out, entry, e.getKey());
                put16(out, entry + 2, type);
                put32(out, entry + 4, count);
                if (value instanceof byte[] bytes) {
                    if (bytes.length <= 4) {
                        System.arraycopy(bytes, 0, out, entry + 8, bytes.length);
                    } else {
                        put32(out, entry + 8, data);
                        System.arraycopy(bytes, 0, out, data, bytes.length);
                        data += bytes.length + (bytes.length & 1);
                    }
                } else if (value instanceof Dir[] children) {
                    if (children.length == 1) {
                        put32(out, entry + 8, offsets.get(children[0]));
                    } else {
                        put32(out, entry + 8, data);
                        for (Dir child : children) {
                            put32(out, data, offsets.get(child));
                            data += 4;
                        }
                    }
                } else {
                    put32(out, entry + 8, offsets.get(value));
                }
                entry += 12;
            }
            put32(out, entry, d.next == null ? 0 : offsets.get(d.next));
        }
        for (Blob b : blobs) {
            System.arraycopy(b.data(), 0, out, offsets.get(b), b.data().length);
        }
        return out;
    }

    private void collect(Dir d, List<Dir> dirs, List<Blob> blobs) {
        if (d == null || dirs.contains(d)) {
            return;
        }
        dirs.add(d);
        for (Object[] e : d.entries.values()) {
            if (e[2] instanceof Dir child) {
                collect(child, dirs, blobs);
            } else if (e[2] instanceof Dir[] children) {
                for (Dir child : children) {
                    collect(child, dirs, blobs);
                }
            } else if (e[2] instanceof Blob blob) {
                blobs.add(blob);
            }
        }
        collect(d.next, dirs, blobs);
    }

    private void put16(byte[] b, int at, int v) {
        b[at + (little ? 0 : 1)] = (byte) v;
        b[at + (little ? 1 : 0)] = (byte) (v >> 8);
    }

    private void put32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + (little ? i : 3 - i)] = (byte) (v >> (8 * i));
        }
    }

    // A few EXIF blocks the tests use again and again.

    /** An EXIF block with a camera, a date taken (and offset, if not null) and nothing else. */
    static byte[] exif(String make, String model, String dateTimeOriginal, String offset) {
        TiffBuilder tiff = new TiffBuilder();
        Dir exif = tiff.dir().text(DATE_TIME_ORIGINAL, dateTimeOriginal);
        if (offset != null) {
            exif.text(OFFSET_TIME_ORIGINAL, offset);
        }
        tiff.ifd0().text(MAKE, make).text(MODEL, model).pointer(EXIF_IFD, exif);
        return tiff.build();
    }

    /** A GPS directory for a place in signed decimal degrees, with references N/S and E/W. */
    Dir gps(double latitude, double longitude) {
        return dir()
                .text(GPS_LATITUDE_REF, latitude < 0 ? "S" : "N").rationals(GPS_LATITUDE, dms(latitude))
                .text(GPS_LONGITUDE_REF, longitude < 0 ? "W" : "E").rationals(GPS_LONGITUDE, dms(longitude));
    }

    /** Degrees, minutes and seconds (to a millionth of a second) as rational pairs. */
    static long[] dms(double degrees) {
        double abs = Math.abs(degrees);
        long d = (long) abs;
        double minutes = (abs - d) * 60;
        long m = (long) minutes;
        long microSeconds = Math.round((minutes - m) * 60 * 1_000_000);
        return new long[] {d, 1, m, 1, microSeconds, 1_000_000};
    }
}
