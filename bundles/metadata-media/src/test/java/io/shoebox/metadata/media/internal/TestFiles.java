package io.shoebox.metadata.media.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import io.shoebox.api.metadata.MediaMetadata;

/** Builds small photos and movies in memory for tests: JPEGs with EXIF, PNG chunks, ISO boxes. */
final class TestFiles {

    private TestFiles() {
    }

    static MediaMetadata extract(String name, byte[] content) {
        try {
            return new MediaMetadataExtractor().extract(name, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] thumbnail(byte[] content, int maxEdge) {
        try {
            return new MediaThumbnailer().thumbnail("image/jpeg", new ByteArrayInputStream(content), maxEdge);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG of one colour. */
    static byte[] jpeg(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "jpeg");
    }

    /** A JPEG whose top half is {@code top} and bottom half {@code bottom}, to see which way up a thumbnail is. */
    static byte[] jpeg(int width, int height, Color top, Color bottom) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(top);
        g.fillRect(0, 0, width, height / 2);
        g.setColor(bottom);
        g.fillRect(0, height / 2, width, height - height / 2);
        g.dispose();
        return encode(image, "jpeg");
    }

    static byte[] png(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jpeg} with an EXIF APP1 segment holding {@code tiff}, right after its start marker. */
    static byte[] withExif(byte[] jpeg, byte[] tiff) {
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff);
        return withApp1(jpeg, payload);
    }

    /** {@code jpeg} with an XMP APP1 segment. */
    static byte[] withXmp(byte[] jpeg, String xmp) {
        byte[] payload = concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1),
                xmp.getBytes(StandardCharsets.UTF_8));
        return withApp1(jpeg, payload);
    }

    /** {@code jpeg} with a Photoshop APP13 segment whose IPTC resource holds {@code iim}. */
    static byte[] withIptc(byte[] jpeg, byte[] iim) {
        return withSegment(jpeg, 0xED, concat(ascii("Photoshop 3.0\0"), photoshopResource(0x0404, iim)));
    }

    /** A Photoshop image resource: {@code 8BIM}, its id, an empty name, its size and data, padded to even lengths. */
    static byte[] photoshopResource(int id, byte[] data) {
        return concat(ascii("8BIM"), u16(id), new byte[2], u32(data.length), data, new byte[data.length % 2]);
    }

    /** IPTC-IIM records of the application record (2): {@code dataset, value, dataset, value, ...}. */
    static byte[] iim(Object... datasetsAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < datasetsAndValues.length; i += 2) {
            byte[] value = ascii((String) datasetsAndValues[i + 1]);
            out.writeBytes(concat(new byte[] {0x1C, 2, (byte) (int) (Integer) datasetsAndValues[i]}, u16(value.length), value));
        }
        return out.toByteArray();
    }

    /** An FFF record, big-endian as FLIR's JPEGs have it: header, one directory entry, the camera information. */
    static byte[] flirRecord(long utcSeconds, int minutesWest) {
        java.nio.ByteBuffer fff = java.nio.ByteBuffer.allocate(0x60 + 0x400);
        fff.put("FFF\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        fff.putInt(0x14, 100).putInt(0x18, 0x40).putInt(0x1c, 1);
        fff.putShort(0x40, (short) 0x20).putShort(0x42, (short) 1).putInt(0x4c, 0x60).putInt(0x50, 0x400);
        fff.putShort(0x60, (short) 2).putInt(0x60 + 0x384, (int) utcSeconds).putInt(0x60 + 0x388, 107)
                .putShort(0x60 + 0x38c, (short) minutesWest);
        return fff.array();
    }

    /** {@code jpeg} with the FFF record split over {@code chunks} FLIR APP1 segments. */
    static byte[] withFlir(byte[] jpeg, byte[] fff, int chunks) {
        byte[] out = jpeg;
        int size = (fff.length + chunks - 1) / chunks;
        for (int i = chunks - 1; i >= 0; i--) {
            byte[] part = java.util.Arrays.copyOfRange(fff, i * size, Math.min(fff.length, (i + 1) * size));
            out = TestFiles.withApp1(out, concat(TestFiles.ascii("FLIR\0"), new byte[] {1, (byte) i, (byte) (chunks - 1)}, part));
        }
        return out;
    }

    /** {@code jpeg} with an APP1 segment of the given payload, right after its start marker. */
    static byte[] withApp1(byte[] jpeg, byte[] payload) {
        return withSegment(jpeg, 0xE1, payload);
    }

    /** {@code jpeg} with an application segment of the given marker and payload, right after its start marker. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = payload.length + 2;
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segment);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** An XMP packet with the given properties inside one rdf:Description ({@code exif:GPSLatitude="..."}). */
    static String xmp(String... attributes) {
        return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:exif=\"http://ns.adobe.com/exif/1.0/\""
                + " xmlns:tiff=\"http://ns.adobe.com/tiff/1.0/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
                + " xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" xmlns:aux=\"http://ns.adobe.com/exif/1.0/aux/\""
                + " xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" "
                + String.join(" ", attributes) + "/></rdf:RDF></x:xmpmeta>";
    }

    // ISO base media boxes

    static byte[] box(String type, byte[]... payload) {
        byte[] body = concat(payload);
        return concat(u32(8 + body.length), type.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** A {@code uuid} box with the user type written as {@code 8-4-4-4-12} hex digits. */
    static byte[] uuidBox(String uuid, byte[]... payload) {
        String hex = uuid.replace("-", "");
        byte[] type = new byte[16];
        for (int i = 0; i < 16; i++) {
            type[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] body = concat(payload);
        return concat(u32(8 + 16 + body.length), ascii("uuid"), type, body);
    }

    static byte[] fullBox(String type, int version, int flags, byte[]... payload) {
        return box(type, concat(new byte[] {(byte) version, (byte) (flags >> 16), (byte) (flags >> 8), (byte) flags}), concat(payload));
    }

    static byte[] ftyp(String major, String... compatible) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(major.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(u32(0));
        for (String c : compatible) {
            b.writeBytes(c.getBytes(StandardCharsets.ISO_8859_1));
        }
        return box("ftyp", b.toByteArray());
    }

    static byte[] u8(int v) {
        return new byte[] {(byte) v};
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static byte[] u64(long v) {
        return concat(u32(v >>> 32), u32(v));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cstring(String s) {
        return concat(utf8(s), new byte[1]);
    }

    /** A PNG chunk with its CRC. */
    static byte[] pngChunk(String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        return concat(u32(data.length), ascii(type), data, u32(crc.getValue()));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
