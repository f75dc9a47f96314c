package io.shoebox.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

/**
 * Writes media files that are structurally real but carry noise instead of pictures: JPEGs with a
 * complete marker structure and an Exif segment, HEIF files with an Exif item, and QuickTime/MP4
 * files with a small {@code moov} after a large {@code mdat}. Readers of metadata (exiftool,
 * metadata-extractor) accept them, and their size and compressibility match real photos.
 */
final class MediaWriter {

    private static final int BUFFER = 1 << 16;

    private MediaWriter() {
    }

    // ---------------------------------------------------------------- JPEG

    /**
     * The 160-pixel preview cameras and phones put in a JPEG's IFD1: a real small JPEG of the
     * photo's shape, so that readers can show the photo without decoding it.
     */
    static byte[] exifThumbnail(Shot shot, Noise noise) throws IOException {
        boolean landscape = shot.width() >= shot.height();
        int width = landscape ? 160 : 120;
        int height = landscape ? 120 : 160;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        int base = noise.nextInt(0xFFFFFF);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, base ^ (x * 0x010101 + y * 0x000203) ^ noise.nextInt(0x0F0F0F));
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream(8192);
        javax.imageio.ImageIO.write(image, "jpg", jpeg);
        return jpeg.toByteArray();
    }

    static void jpeg(Path file, Shot shot, long size, long seed) throws IOException {
        Noise noise = new Noise(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            marker(head, 0xD8);
            byte[] tiff = shot.exifTiff(32 + noise.nextInt(3000), 30 + noise.nextInt(2000),
                    16 + noise.nextInt(40), 40 + noise.nextInt(800), exifThumbnail(shot, noise));
            segment(head, 0xE1, Tiff.concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff));
            segment(head, 0xDB, quantizationTables());
            segment(head, 0xC0, frame(shot.width(), shot.height()));
            segment(head, 0xC4, huffmanTables());
            segment(head, 0xDA, new byte[] {3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0});
            head.writeTo(out);
            long remaining = size - head.size() - 2;
            entropy(out, noise, remaining);
            out.write(0xFF);
            out.write(0xD9);
        }
    }

    /** Random scan data with 0xFF byte-stuffed as 0xFF 0x00, so no marker appears inside the scan. */
    private static void entropy(OutputStream out, Noise noise, long length) throws IOException {
        byte[] raw = new byte[BUFFER];
        byte[] stuffed = new byte[BUFFER * 2];
        long written = 0;
        while (written < length) {
            noise.fill(raw, 0, raw.length);
            int o = 0;
            for (int i = 0; i < raw.length && written + o < length; i++) {
                byte b = raw[i];
                stuffed[o++] = b;
                if (b == (byte) 0xFF) {
                    stuffed[o++] = 0;
                }
            }
            out.write(stuffed, 0, o);
            written += o;
        }
    }

    private static void marker(ByteArrayOutputStream out, int code) {
        out.write(0xFF);
        out.write(code);
    }

    private static void segment(ByteArrayOutputStream out, int code, byte[] payload) {
        if (payload.length + 2 > 0xFFFF) {
            throw new IllegalArgumentException("JPEG segment too long");
        }
        marker(out, code);
        out.write((payload.length + 2) >>> 8);
        out.write(payload.length + 2);
        out.writeBytes(payload);
    }

    private static byte[] quantizationTables() {
        byte[] tables = new byte[2 * 65];
        for (int t = 0; t < 2; t++) {
            tables[t * 65] = (byte) t;
            for (int i = 0; i < 64; i++) {
                tables[t * 65 + 1 + i] = (byte) Math.min(255, 2 + i / (t == 0 ? 3 : 2));
            }
        }
        return tables;
    }

    private static byte[] frame(int width, int height) {
        return new byte[] {8, (byte) (height >>> 8), (byte) height, (byte) (width >>> 8), (byte) width, 3,
                1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
    }

    /** Valid (if not optimal) Huffman tables: DC symbols 0-11 with 4-bit codes, the 162 AC symbols with 8-bit codes. */
    private static byte[] huffmanTables() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id = 0; id < 2; id++) {
            out.write(id); // class 0 (DC), table id
            for (int bits = 1; bits <= 16; bits++) {
                out.write(bits == 4 ? 12 : 0);
            }
            for (int s = 0; s < 12; s++) {
                out.write(s);
            }
            out.write(0x10 | id); // class 1 (AC)
            for (int bits = 1; bits <= 16; bits++) {
                out.write(bits == 8 ? 162 : 0);
            }
            out.write(0x00);
            out.write(0xF0);
            for (int run = 0; run < 16; run++) {
                for (int s = 1; s <= 10; s++) {
                    out.write((run << 4) | s);
                }
            }
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- ISO BMFF helpers

    private static byte[] box(String type, byte[]... payload) {
        int size = 8;
        for (byte[] p : payload) {
            size += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(size).put(type.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] p : payload) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] fullBox(String type, int version, int flags, byte[]... payload) {
        byte[][] all = new byte[payload.length + 1][];
        all[0] = new byte[] {(byte) version, (byte) (flags >>> 16), (byte) (flags >>> 8), (byte) flags};
        System.arraycopy(payload, 0, all, 1, payload.length);
        return box(type, all);
    }

    private static byte[] ints(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    private static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void mdat(OutputStream out, Noise noise, byte[] prefix, long payload) throws IOException {
        out.write(ints(8 + payload));
        out.write(ascii("mdat"));
        out.write(prefix);
        byte[] buffer = new byte[BUFFER];
        long left = payload - prefix.length;
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            noise.fill(buffer, 0, n);
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    // ---------------------------------------------------------------- HEIC

    static void heic(Path file, Shot shot, long size, long seed) throws IOException {
        Noise noise = new Noise(seed);
        byte[] ftyp = box("ftyp", ascii("heic"), ints(0), ascii("mif1heicmiaf"));
        byte[] exif = Tiff.concat(ints(6), ascii("Exif\0\0"), shot.exifTiff(25 + noise.nextInt(1500),
                30 + noise.nextInt(2000), 15 + noise.nextInt(10), 40 + noise.nextInt(40)));
        int metaSize = heicMeta(shot, 0, 0, 0).length;
        long dataOffset = ftyp.length + metaSize + 8L;
        long imageLength = Math.max(1024, size - dataOffset - exif.length);
        byte[] meta = heicMeta(shot, dataOffset, exif.length, imageLength);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            out.write(ftyp);
            out.write(meta);
            mdat(out, noise, exif, exif.length + imageLength);
        }
    }

    private static byte[] heicMeta(Shot shot, long exifOffset, long exifLength, long imageLength) {
        byte[] hdlr = fullBox("hdlr", 0, 0, ints(0), ascii("pict"), ints(0, 0, 0), new byte[] {0});
        byte[] pitm = fullBox("pitm", 0, 0, shorts(1));
        byte[] iinf = fullBox("iinf", 0, 0, shorts(2),
                fullBox("infe", 2, 0, shorts(1, 0), ascii("hvc1"), new byte[] {0}),
                fullBox("infe", 2, 0, shorts(2, 0), ascii("Exif"), new byte[] {0}));
        byte[] iloc = fullBox("iloc", 0, 0, new byte[] {0x44, 0x00}, shorts(2),
                shorts(1, 0, 1), ints(exifOffset + exifLength, imageLength),
                shorts(2, 0, 1), ints(exifOffset, exifLength));
        byte[] iref = fullBox("iref", 0, 0, box("cdsc", shorts(2, 1, 1)));
        byte[] iprp = box("iprp",
                box("ipco", fullBox("ispe", 0, 0, ints(shot.width(), shot.height()))),
                fullBox("ipma", 0, 0, ints(1), shorts(1), new byte[] {1, (byte) 0x81}));
        return fullBox("meta", 0, 0, hdlr, pitm, iloc, iinf, iref, iprp);
    }

    // ---------------------------------------------------------------- QuickTime / MP4

    private static final long MAC_EPOCH_OFFSET = 2_082_844_800L;
    private static final DateTimeFormatter APPLE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    /** A QuickTime movie ({@code qt} brand, Apple metadata keys) or an MP4 ({@code isom}). */
    static void movie(Path file, Shot shot, long size, long seed, boolean quickTime) throws IOException {
        Noise noise = new Noise(seed);
        byte[] ftyp = quickTime
                ? box("ftyp", ascii("qt  "), ints(0), ascii("qt  "))
                : box("ftyp", ascii("isom"), ints(0x200), ascii("isomiso2avc1mp41"));
        byte[] wide = quickTime ? box("wide") : new byte[0];
        long mdatPayloadOffset = ftyp.length + wide.length + 8L;
        long seconds = shot.taken().toEpochSecond(shot.offset()) + MAC_EPOCH_OFFSET;
        int duration = 600 * (5 + noise.nextInt(120));
        byte[] moov = moov(shot, seconds, duration, mdatPayloadOffset, quickTime);
        long payload = Math.max(1024, size - mdatPayloadOffset - moov.length);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            out.write(ftyp);
            out.write(wide);
            mdat(out, noise, new byte[0], payload);
            out.write(moov);
        }
    }

    /** An {@code avc1} visual sample entry (no decoder configuration) pointing at data reference 1. */
    private static byte[] sampleEntry(Shot shot) {
        byte[] name = new byte[32];
        return box("avc1", new byte[6], shorts(1, 0, 0), ints(0, 0, 0), shorts(shot.width(), shot.height()),
                ints(0x00480000, 0x00480000, 0), shorts(1), name, shorts(0x18, 0xFFFF));
    }

    private static byte[] moov(Shot shot, long time, int duration, long chunkOffset, boolean quickTime) {
        byte[] matrix = ints(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
        byte[] mvhd = fullBox("mvhd", 0, 0, ints(time, time, 600, duration, 0x00010000), shorts(0x0100),
                new byte[10], matrix, new byte[24], ints(2));
        byte[] tkhd = fullBox("tkhd", 0, 3, ints(time, time, 1, 0, duration), new byte[8], shorts(0, 0, 0, 0),
                matrix, ints((long) shot.width() << 16, (long) shot.height() << 16));
        byte[] mdhd = fullBox("mdhd", 0, 0, ints(time, time, 600, duration), shorts(0x55C4, 0));
        byte[] hdlr = fullBox("hdlr", 0, 0, ints(0), ascii("vide"), ints(0, 0, 0), ascii("VideoHandler\0"));
        byte[] stbl = box("stbl",
                fullBox("stsd", 0, 0, ints(1), sampleEntry(shot)),
                fullBox("stts", 0, 0, ints(0)),
                fullBox("stsc", 0, 0, ints(0)),
                fullBox("stsz", 0, 0, ints(0, 0)),
                fullBox("stco", 0, 0, ints(1, chunkOffset)));
        byte[] minf = box("minf", fullBox("vmhd", 0, 1, shorts(0, 0, 0, 0)),
                box("dinf", fullBox("dref", 0, 0, ints(1), fullBox("url ", 0, 1))), stbl);
        byte[] trak = box("trak", tkhd, box("mdia", mdhd, hdlr, minf));
        if (!quickTime) {
            return box("moov", mvhd, trak);
        }
        String[][] items = {
            {"com.apple.quicktime.make", shot.make()},
            {"com.apple.quicktime.model", shot.model()},
            {"com.apple.quicktime.software", shot.software()},
            {"com.apple.quicktime.creationdate", APPLE_DATE.format(shot.taken().atOffset(shot.offset()))},
            {"com.apple.quicktime.location.ISO6709", shot.hasPosition() ? shot.iso6709() : null},
        };
        ByteArrayOutputStream keys = new ByteArrayOutputStream();
        ByteArrayOutputStream ilst = new ByteArrayOutputStream();
        int count = 0;
        for (String[] item : items) {
            if (item[1] == null) {
                continue;
            }
            count++;
            keys.writeBytes(ints(8 + utf8(item[0]).length));
            keys.writeBytes(ascii("mdta"));
            keys.writeBytes(utf8(item[0]));
            byte[] data = box("data", ints(1, 0), utf8(item[1]));
            ByteBuffer entry = ByteBuffer.allocate(8 + data.length);
            entry.putInt(8 + data.length).putInt(count).put(data);
            ilst.writeBytes(entry.array());
        }
        byte[] meta = box("meta",
                fullBox("hdlr", 0, 0, ints(0), ascii("mdta"), ints(0, 0, 0), new byte[] {0}),
                fullBox("keys", 0, 0, ints(count), keys.toByteArray()),
                box("ilst", ilst.toByteArray()));
        return box("moov", mvhd, trak, meta);
    }
}
