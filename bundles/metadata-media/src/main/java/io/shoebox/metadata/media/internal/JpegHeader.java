package io.shoebox.metadata.media.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The segments of a JPEG before its image data: read up to the start of scan and no further, so a
 * 20 MB photo costs the few kilobytes of its header. A file that ends early keeps the segments read
 * until then.
 */
final class JpegHeader {

    static final int APP1 = 0xE1;
    private static final int APP13 = 0xED;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final byte[] EXIF_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};
    /** Bytes of garbage between segments tolerated before giving up on finding the next marker. */
    private static final int MAX_GARBAGE = 64 << 10;

    /** The APP1 segments (Exif, XMP), payload only. */
    final List<byte[]> app1 = new ArrayList<>();
    /** The APP13 segments (Photoshop resources, where IPTC records are), payload only. */
    final List<byte[]> app13 = new ArrayList<>();
    /** Size from the start-of-frame segment, or 0. */
    int width;
    int height;
    /** The start-of-frame marker (0xC0 baseline, 0xC2 progressive, 0xC3 lossless, ...), or 0. */
    int frameType;
    /** Whether the file ended before the start of scan. */
    boolean truncated;

    private JpegHeader() {
    }

    /**
     * Reads the header from {@code in}, which must be at the JPEG's first byte.
     *
     * @param copy if not {@code null}, receives every byte consumed, so the whole file can be replayed
     */
    static JpegHeader read(InputStream in, ByteArrayOutputStream copy) throws IOException {
        JpegHeader header = new JpegHeader();
        try {
            header.readSegments(new CopyingReader(in, copy));
        } catch (EOFException e) {
            header.truncated = true;
        }
        return header;
    }

    /** The header of a JPEG held in memory (an embedded preview), for its size and frame type. */
    static JpegHeader of(byte[] jpeg) {
        try {
            return read(new java.io.ByteArrayInputStream(jpeg), null);
        } catch (IOException e) {
            return new JpegHeader();
        }
    }

    private void readSegments(CopyingReader in) throws IOException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            throw new EOFException("not a JPEG");
        }
        int garbage = 0;
        while (true) {
            int marker = in.read();
            if (marker != 0xFF) {
                // Garbage between segments: look for the next marker, as decoders do, for a while.
                if (++garbage > MAX_GARBAGE) {
                    return;
                }
                continue;
            }
            garbage = 0;
            int type = in.read();
            while (type == 0xFF) {
                type = in.read();
            }
            if (type == 0 || (type >= 0xD0 && type <= 0xD7) || type == 0x01) {
                continue; // stuffed byte, restart marker or TEM: no length
            }
            if (type == SOS || type == EOI) {
                return;
            }
            int length = in.read() << 8 | in.read();
            if (length < 2) {
                return;
            }
            if (type == APP1) {
                app1.add(in.readExactly(length - 2));
            } else if (type == APP13) {
                app13.add(in.readExactly(length - 2));
            } else if (isStartOfFrame(type) && frameType == 0) {
                byte[] sof = in.readExactly(length - 2);
                if (sof.length >= 5) {
                    height = (sof[1] & 0xFF) << 8 | sof[2] & 0xFF;
                    width = (sof[3] & 0xFF) << 8 | sof[4] & 0xFF;
                    frameType = type;
                }
            } else {
                in.skipExactly(length - 2);
            }
        }
    }

    private static boolean isStartOfFrame(int type) {
        return type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC;
    }

    /** Whether a decoder of the JDK can read this frame: baseline, extended or progressive Huffman. */
    boolean isDecodable() {
        return frameType == 0xC0 || frameType == 0xC1 || frameType == 0xC2;
    }

    /** The TIFF structure of the first Exif APP1 segment, or {@code null}. */
    byte[] exifTiff() {
        for (byte[] segment : app1) {
            if (segment.length > EXIF_PREAMBLE.length
                    && Arrays.equals(segment, 0, EXIF_PREAMBLE.length, EXIF_PREAMBLE, 0, EXIF_PREAMBLE.length)) {
                return Arrays.copyOfRange(segment, EXIF_PREAMBLE.length, segment.length);
            }
        }
        return null;
    }

    /** Reads bytes, ending in {@link EOFException}, and copies them if asked. */
    private static final class CopyingReader {
        private final InputStream in;
        private final ByteArrayOutputStream copy;

        CopyingReader(InputStream in, ByteArrayOutputStream copy) {
            this.in = in;
            this.copy = copy;
        }

        int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            if (copy != null) {
                copy.write(b);
            }
            return b;
        }

        byte[] readExactly(int n) throws IOException {
            byte[] bytes = in.readNBytes(n);
            if (copy != null) {
                copy.write(bytes);
            }
            if (bytes.length < n) {
                throw new EOFException();
            }
            return bytes;
        }

        void skipExactly(int n) throws IOException {
            if (copy != null) {
                readExactly(n);
            } else {
                in.skipNBytes(n);
            }
        }
    }
}
