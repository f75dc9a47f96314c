package io.shoebox.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a big-endian TIFF structure as Exif uses it: IFD0 with pointers to an Exif IFD and a GPS
 * IFD. Enough of the format for exiftool, metadata-extractor and the like to read and rewrite it.
 */
final class Tiff {

    static final int BYTE = 1;
    static final int ASCII = 2;
    static final int SHORT = 3;
    static final int LONG = 4;
    static final int RATIONAL = 5;
    static final int UNDEFINED = 7;

    static final int EXIF_IFD_POINTER = 0x8769;
    static final int GPS_IFD_POINTER = 0x8825;

    record Entry(int tag, int type, int count, byte[] value) {
    }

    /** One image file directory; entries are written sorted by tag as the format requires. */
    static final class Ifd {
        final List<Entry> entries = new ArrayList<>();

        Ifd ascii(int tag, String text) {
            byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            entries.add(new Entry(tag, ASCII, bytes.length, bytes));
            return this;
        }

        Ifd shorts(int tag, int... values) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 2);
            for (int v : values) {
                buffer.putShort((short) v);
            }
            entries.add(new Entry(tag, SHORT, values.length, buffer.array()));
            return this;
        }

        Ifd longs(int tag, long... values) {
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
            for (long v : values) {
                buffer.putInt((int) v);
            }
            entries.add(new Entry(tag, LONG, values.length, buffer.array()));
            return this;
        }

        /** Rationals as numerator/denominator pairs. */
        Ifd rationals(int tag, long... pairs) {
            ByteBuffer buffer = ByteBuffer.allocate(pairs.length * 4);
            for (long v : pairs) {
                buffer.putInt((int) v);
            }
            entries.add(new Entry(tag, RATIONAL, pairs.length / 2, buffer.array()));
            return this;
        }

        Ifd bytes(int tag, int type, byte... values) {
            entries.add(new Entry(tag, type, values.length, values));
            return this;
        }

        int size() {
            int size = 2 + entries.size() * 12 + 4;
            for (Entry e : entries) {
                if (e.value.length > 4) {
                    size += e.value.length + (e.value.length & 1);
                }
            }
            return size;
        }

        void write(ByteBuffer out, int offset) {
            write(out, offset, 0);
        }

        /** Writes this IFD at {@code offset}, pointing to a next IFD at {@code next} (0: none). */
        void write(ByteBuffer out, int offset, int next) {
            entries.sort(Comparator.comparingInt(Entry::tag));
            int data = offset + 2 + entries.size() * 12 + 4;
            out.putShort((short) entries.size());
            List<byte[]> outOfLine = new ArrayList<>();
            for (Entry e : entries) {
                out.putShort((short) e.tag).putShort((short) e.type).putInt(e.count);
                if (e.value.length <= 4) {
                    out.put(e.value);
                    for (int i = e.value.length; i < 4; i++) {
                        out.put((byte) 0);
                    }
                } else {
                    out.putInt(data);
                    data += e.value.length + (e.value.length & 1);
                    outOfLine.add(e.value);
                }
            }
            out.putInt(next);
            for (byte[] value : outOfLine) {
                out.put(value);
                if ((value.length & 1) == 1) {
                    out.put((byte) 0);
                }
            }
        }
    }

    /** Serializes IFD0, then the Exif IFD, then the GPS IFD (either may be null), with a TIFF header. */
    static byte[] build(Ifd ifd0, Ifd exif, Ifd gps) {
        return build(ifd0, exif, gps, null);
    }

    /**
     * The same, with IFD1 after them holding a JPEG thumbnail, as cameras and phones write it
     * (Compression 6, JPEGInterchangeFormat and its length), when {@code thumbnail} is not null.
     */
    static byte[] build(Ifd ifd0, Ifd exif, Ifd gps, byte[] thumbnail) {
        byte[] main = buildMain(ifd0, exif, gps);
        if (thumbnail == null) {
            return main;
        }
        int ifd1Offset = main.length;
        Ifd ifd1 = new Ifd().shorts(0x0103, 6).rationals(0x011A, 72, 1).rationals(0x011B, 72, 1).shorts(0x0128, 2)
                .longs(0x0201, 0).longs(0x0202, thumbnail.length);
        int thumbnailOffset = ifd1Offset + ifd1.size();
        ifd1.entries.removeIf(e -> e.tag == 0x0201);
        ifd1.longs(0x0201, thumbnailOffset);
        ByteBuffer out = ByteBuffer.allocate(thumbnailOffset + thumbnail.length);
        out.put(main);
        ifd1.write(out, ifd1Offset);
        out.put(thumbnail);
        int ifd0Entries = out.getShort(8) & 0xFFFF;
        out.putInt(8 + 2 + ifd0Entries * 12, ifd1Offset);
        return out.array();
    }

    private static byte[] buildMain(Ifd ifd0, Ifd exif, Ifd gps) {
        // Pointer entries first, so that the sizes below already count them.
        if (exif != null) {
            ifd0.longs(EXIF_IFD_POINTER, 0);
        }
        if (gps != null) {
            ifd0.longs(GPS_IFD_POINTER, 0);
        }
        int ifd0Offset = 8;
        int exifOffset = ifd0Offset + ifd0.size();
        int gpsOffset = exifOffset + (exif == null ? 0 : exif.size());
        ifd0.entries.removeIf(e -> e.tag == EXIF_IFD_POINTER || e.tag == GPS_IFD_POINTER);
        if (exif != null) {
            ifd0.longs(EXIF_IFD_POINTER, exifOffset);
        }
        if (gps != null) {
            ifd0.longs(GPS_IFD_POINTER, gpsOffset);
        }
        int total = gpsOffset + (gps == null ? 0 : gps.size());
        ByteBuffer out = ByteBuffer.allocate(total);
        out.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0Offset);
        ifd0.write(out, ifd0Offset);
        if (exif != null) {
            exif.write(out, exifOffset);
        }
        if (gps != null) {
            gps.write(out, gpsOffset);
        }
        return out.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private Tiff() {
    }
}
