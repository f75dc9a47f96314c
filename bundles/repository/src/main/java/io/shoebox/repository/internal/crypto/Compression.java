package io.shoebox.repository.internal.crypto;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** zlib (RFC 1950) compression with per-thread reusable deflaters and inflaters. */
public final class Compression {

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(6));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private Compression() {
    }

    /** Compresses into a new array that starts with {@code prefix} spare bytes. */
    public static byte[] compress(byte[] data, int offset, int length, int prefix) {
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(data, offset, length);
        deflater.finish();
        byte[] out = new byte[prefix + Math.max(64, length / 2 + 64)];
        int pos = prefix;
        while (!deflater.finished()) {
            if (pos == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            pos += deflater.deflate(out, pos, out.length - pos);
        }
        return pos == out.length ? out : java.util.Arrays.copyOf(out, pos);
    }

    /**
     * Decompresses a zlib stream.
     *
     * @param expectedLength the plaintext length if known, or -1
     * @throws DataFormatException if the stream is damaged or its length differs from the expected
     */
    public static byte[] decompress(byte[] data, int offset, int length, int expectedLength) throws DataFormatException {
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(data, offset, length);
        if (expectedLength >= 0) {
            byte[] out = new byte[expectedLength];
            int pos = 0;
            while (pos < expectedLength && !inflater.finished()) {
                int n = inflater.inflate(out, pos, expectedLength - pos);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated compressed data");
                }
                pos += n;
            }
            if (pos != expectedLength || !inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw new DataFormatException("decompressed length differs from the recorded " + expectedLength);
            }
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length * 3));
        byte[] buffer = new byte[64 * 1024];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("truncated compressed data");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
