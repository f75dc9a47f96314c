package io.shoebox.metadata.media.internal;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The date taken of FLIR thermal pictures (FLIR One on phones, CAT S60 to S62 phones, FLIR cameras),
 * some of which write it nowhere else: in the camera information record of the FFF data that FLIR splits
 * over APP1 segments ({@code FLIR\0}, a chunk number and the last chunk's number, then the data). Read
 * as exiftool reads it ({@code Image::ExifTool::FLIR}):
 *
 * <ul>
 *   <li>the FFF header: {@code FFF\0}, a version of 100 to 199 whose byte order is the header's, the
 *       offset and length of the record directory, 32 bytes an entry;
 *   <li>the camera information record (type {@code 0x20}), whose first 16-bit value is 2 in its own
 *       byte order; at {@code 0x384}, seconds since 1970 in UTC, milliseconds, and the zone as minutes
 *       west of Greenwich.
 * </ul>
 */
final class FlirFacts {

    private static final byte[] PREAMBLE = "FLIR\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int CHUNK_HEADER = 8;
    private static final int CAMERA_INFO = 0x20;
    private static final int DATE = 0x384;
    private static final int DIRECTORY_ENTRY = 0x20;
    private static final int MAX_ENTRIES = 1000;

    private FlirFacts() {
    }

    /** The date taken of the FLIR record among a JPEG's APP1 segments, or {@code null}. */
    static Stamp dateTaken(List<byte[]> app1) {
        TreeMap<Integer, byte[]> chunks = new TreeMap<>();
        int last = -1;
        for (byte[] segment : app1) {
            if (segment.length > CHUNK_HEADER && Arrays.equals(segment, 0, PREAMBLE.length, PREAMBLE, 0, PREAMBLE.length)) {
                chunks.putIfAbsent(segment[6] & 0xFF, segment);
                last = Math.max(last, segment[7] & 0xFF);
            }
        }
        // Like exiftool, only the whole record: with a chunk missing, the offsets in it mean nothing.
        if (chunks.isEmpty() || chunks.size() != last + 1 || chunks.lastKey() != last) {
            return null;
        }
        int total = chunks.values().stream().mapToInt(s -> s.length - CHUNK_HEADER).sum();
        byte[] fff = new byte[total];
        int at = 0;
        for (byte[] chunk : chunks.values()) {
            System.arraycopy(chunk, CHUNK_HEADER, fff, at, chunk.length - CHUNK_HEADER);
            at += chunk.length - CHUNK_HEADER;
        }
        try {
            return cameraInfoDate(fff);
        } catch (BoxData.Malformed | DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Stamp cameraInfoDate(byte[] fff) {
        if (fff.length < 0x40 || fff[0] != 'F' || fff[1] != 'F' || fff[2] != 'F' || fff[3] != 0) {
            return null;
        }
        boolean bigEndian = u32(fff, 0x14, true) >= 100 && u32(fff, 0x14, true) < 200;
        if (!bigEndian && (u32(fff, 0x14, false) < 100 || u32(fff, 0x14, false) >= 200)) {
            return null;
        }
        long directory = u32(fff, 0x18, bigEndian);
        long entries = Math.min(u32(fff, 0x1c, bigEndian), MAX_ENTRIES);
        for (long i = 0; i < entries; i++) {
            long entry = directory + i * DIRECTORY_ENTRY;
            if (u16(fff, entry, bigEndian) == CAMERA_INFO) {
                return date(fff, u32(fff, entry + 0x0c, bigEndian), u32(fff, entry + 0x10, bigEndian));
            }
        }
        return null;
    }

    private static Stamp date(byte[] fff, long record, long length) {
        if (length < DATE + 10 || record + DATE + 10 > fff.length) {
            return null;
        }
        boolean bigEndian = u16(fff, record, true) < 0x100;
        long seconds = u32(fff, record + DATE, bigEndian);
        int west = (short) u16(fff, record + DATE + 8, bigEndian);
        if (seconds == 0 || Math.abs(west) > 18 * 60) {
            return null;
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(-west * 60);
        LocalDateTime local = LocalDateTime.ofEpochSecond(seconds, 0, offset);
        return local.getYear() < 1990 || local.getYear() > 2200 ? null : new Stamp(local, offset);
    }

    private static int u16(byte[] b, long at, boolean bigEndian) {
        check(b, at, 2);
        int i = (int) at;
        return bigEndian ? (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF : (b[i + 1] & 0xFF) << 8 | b[i] & 0xFF;
    }

    private static long u32(byte[] b, long at, boolean bigEndian) {
        check(b, at, 4);
        int i = (int) at;
        return bigEndian
                ? (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF
                : (b[i + 3] & 0xFFL) << 24 | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | b[i] & 0xFF;
    }

    private static void check(byte[] b, long at, int n) {
        if (at < 0 || at + n > b.length) {
            throw new BoxData.Malformed("FFF data ends early");
        }
    }
}
