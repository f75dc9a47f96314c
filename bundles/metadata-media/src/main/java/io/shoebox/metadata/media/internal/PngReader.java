package io.shoebox.metadata.media.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The chunks of a PNG that carry metadata: the header's size, EXIF ({@code eXIf}, or the hex "raw
 * profile" text ImageMagick writes) and XMP (the {@code XML:com.adobe.xmp} text). Image data is
 * skipped; length fields are trusted only as far as the data really goes.
 */
final class PngReader {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final int MAX_CHUNK = 16 << 20;
    private static final int MAX_CHUNKS = 100_000;
    private static final String XMP_KEYWORD = "XML:com.adobe.xmp";

    int width;
    int height;
    final List<byte[]> exif = new ArrayList<>();
    final List<byte[]> xmp = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    private PngReader() {
    }

    static PngReader read(InputStream in) throws IOException {
        PngReader png = new PngReader();
        if (!Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE)) {
            png.problems.add("not a PNG");
            return png;
        }
        try {
            png.readChunks(in);
        } catch (java.io.EOFException e) {
            png.problems.add("the file ends before its end chunk");
        }
        return png;
    }

    private void readChunks(InputStream in) throws IOException {
        for (int i = 0; i < MAX_CHUNKS; i++) {
            byte[] head = in.readNBytes(8);
            if (head.length < 8) {
                throw new java.io.EOFException();
            }
            BoxData h = new BoxData(head);
            long length = h.u32();
            String type = h.fourcc();
            if (type.equals("IEND")) {
                return;
            }
            boolean wanted = type.equals("IHDR") || type.equals("eXIf") || type.equals("iTXt")
                    || type.equals("tEXt") || type.equals("zTXt");
            if (wanted && length <= MAX_CHUNK) {
                byte[] data = in.readNBytes((int) length);
                if (data.length < length) {
                    throw new java.io.EOFException();
                }
                chunk(type, data);
                in.skipNBytes(4); // CRC
            } else {
                in.skipNBytes(length + 4);
            }
        }
    }

    private void chunk(String type, byte[] data) {
        try {
            switch (type) {
                case "IHDR" -> {
                    BoxData d = new BoxData(data);
                    width = d.s32();
                    height = d.s32();
                }
                case "eXIf" -> exif.add(stripExifPreamble(data));
                case "iTXt" -> internationalText(data);
                case "tEXt", "zTXt" -> latinText(type.equals("zTXt"), data);
                default -> {
                    // not read
                }
            }
        } catch (BoxData.Malformed | DataFormatException e) {
            problems.add("PNG " + type + " chunk: " + e.getMessage());
        }
    }

    /** iTXt: keyword, NUL, compressed flag, method, language, NUL, translated keyword, NUL, text. */
    private void internationalText(byte[] data) throws DataFormatException {
        BoxData d = new BoxData(data);
        String keyword = d.cstring();
        if (!keyword.equals(XMP_KEYWORD)) {
            return;
        }
        boolean compressed = d.u8() != 0;
        d.u8();
        d.cstring();
        d.cstring();
        byte[] text = d.rest();
        xmp.add(compressed ? inflate(text) : text);
    }

    /** tEXt and zTXt: XMP, or EXIF as ImageMagick's hexadecimal "Raw profile type exif". */
    private void latinText(boolean compressed, byte[] data) throws DataFormatException {
        BoxData d = new BoxData(data);
        String keyword = d.cstring();
        boolean rawExif = keyword.equals("Raw profile type exif") || keyword.equals("Raw profile type APP1");
        if (!rawExif && !keyword.equals(XMP_KEYWORD)) {
            return;
        }
        if (compressed) {
            d.u8(); // method
        }
        byte[] text = compressed ? inflate(d.rest()) : d.rest();
        if (!rawExif) {
            xmp.add(text);
            return;
        }
        byte[] profile = rawProfile(new String(text, StandardCharsets.ISO_8859_1));
        if (profile != null) {
            exif.add(stripExifPreamble(profile));
        }
    }

    /** {@code \nexif\n   1234\n45786966...}: a name, a length, then hexadecimal digits across lines. */
    private static byte[] rawProfile(String text) {
        String[] lines = text.strip().split("\n", 3);
        if (lines.length < 3) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int high = -1;
        for (char c : lines[2].toCharArray()) {
            int digit = Character.digit(c, 16);
            if (digit < 0) {
                continue;
            }
            if (high < 0) {
                high = digit;
            } else {
                out.write(high << 4 | digit);
                high = -1;
            }
        }
        return out.toByteArray();
    }

    private static byte[] stripExifPreamble(byte[] data) {
        if (data.length > 6 && data[0] == 'E' && data[1] == 'x' && data[2] == 'i' && data[3] == 'f' && data[4] == 0 && data[5] == 0) {
            return Arrays.copyOfRange(data, 6, data.length);
        }
        return data;
    }

    /** Inflates at most {@link #MAX_CHUNK} bytes: a small chunk that inflates to gigabytes is cut short. */
    static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() < MAX_CHUNK) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
