package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The header lists of an AVI file: the main header ({@code avih}: size, frames), the video stream
 * header ({@code strh}: rate and length, hence the duration) and the date ({@code IDIT}). The movie
 * data is skipped.
 */
final class AviReader {

    private static final int MAX_CHUNKS = 10_000;
    /** hdrl holds strl lists; nothing real nests deeper. */
    private static final int MAX_DEPTH = 4;

    Integer width;
    Integer height;
    Long durationMillis;
    Stamp date;

    private long frameMicros;
    private long totalFrames;
    private int chunks;

    private AviReader() {
    }

    static AviReader read(GuardedInputStream in) throws IOException {
        AviReader avi = new AviReader();
        byte[] riff = in.readNBytes(12);
        if (riff.length == 12) {
            long size = littleEndian(riff, 4);
            avi.walk(in, 8 + size, 0);
        }
        if (avi.durationMillis == null && avi.frameMicros > 0 && avi.totalFrames > 0) {
            avi.durationMillis = millis((double) avi.frameMicros * avi.totalFrames / 1000);
        }
        return avi;
    }

    private void walk(GuardedInputStream in, long end, int depth) throws IOException {
        while (in.position() + 8 <= end && ++chunks <= MAX_CHUNKS) {
            byte[] head = in.readNBytes(8);
            if (head.length < 8) {
                return;
            }
            String id = new String(head, 0, 4, StandardCharsets.ISO_8859_1);
            long size = littleEndian(head, 4);
            long chunkEnd = in.position() + size + (size & 1);
            if (id.equals("LIST")) {
                String type = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
                boolean header = type.equals("hdrl") || type.equals("strl") || type.equals("INFO");
                if (header && depth < MAX_DEPTH) {
                    walk(in, Math.min(end, chunkEnd), depth + 1);
                }
            } else if (id.equals("avih") || id.equals("strh") || id.equals("IDIT")) {
                byte[] data = in.readNBytes((int) Math.min(size, 1024));
                chunk(id, data);
            }
            if (!in.skipTo(chunkEnd)) {
                return;
            }
        }
    }

    private void chunk(String id, byte[] data) {
        switch (id) {
            case "avih" -> {
                if (data.length >= 40) {
                    frameMicros = littleEndian(data, 0);
                    totalFrames = littleEndian(data, 16);
                    width = (int) Math.min(Integer.MAX_VALUE, littleEndian(data, 32));
                    height = (int) Math.min(Integer.MAX_VALUE, littleEndian(data, 36));
                }
            }
            case "strh" -> {
                if (data.length >= 36 && durationMillis == null
                        && new String(data, 0, 4, StandardCharsets.ISO_8859_1).equals("vids")) {
                    long scale = littleEndian(data, 20);
                    long rate = littleEndian(data, 24);
                    long length = littleEndian(data, 32);
                    if (scale > 0 && rate > 0) {
                        durationMillis = millis((double) length * scale * 1000 / rate);
                    }
                }
            }
            case "IDIT" -> {
                if (date == null) {
                    date = Stamp.aviDate(new String(data, StandardCharsets.ISO_8859_1).replace('\0', ' '));
                }
            }
            default -> {
                // not read
            }
        }
    }

    private static Long millis(double value) {
        return Double.isFinite(value) && value >= 0 && value < Long.MAX_VALUE ? (long) value : null;
    }

    private static long littleEndian(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
