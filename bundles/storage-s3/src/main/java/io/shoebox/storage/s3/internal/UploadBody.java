package io.shoebox.storage.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.shoebox.api.storage.ByteSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One request's worth of a {@link ByteSource}: the whole content or one part of it, streamed straight
 * from the source with its length known up front, so nothing is copied into memory. The SDK sees exactly
 * the announced number of bytes or an error; a source that fails or runs short is remembered, so that
 * the caller can tell the source's fault from the network's.
 */
final class UploadBody {

    private final ByteSource content;
    private final long offset;
    private final long length;
    private volatile IOException sourceFailure;

    UploadBody(ByteSource content, long offset, long length) {
        this.content = content;
        this.offset = offset;
        this.length = length;
    }

    RequestBody requestBody() {
        return RequestBody.fromContentProvider(this::open, length, "application/octet-stream");
    }

    /**
     * Reads the range once and returns its MD5 for the {@code Content-MD5} header. The server then refuses
     * anything that arrives altered, and a source that fails or runs short is caught here, before a
     * single byte goes out: a request broken off midway can leave traces on some servers (S3Proxy's
     * filesystem store lists its half-written temporary file until it notices the dropped connection).
     */
    String contentMd5() throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
        try (InputStream in = open()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0;) {
                md5.update(buffer, 0, n);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    /** Why the source could not deliver its bytes, or {@code null} if it did not fail. */
    IOException sourceFailure() {
        return sourceFailure;
    }

    private InputStream open() {
        InputStream in = null;
        try {
            in = content.open();
            skipFully(in, offset);
            return new Exact(in);
        } catch (IOException e) {
            sourceFailure = e;
            closeQuietly(in);
            throw new UncheckedIOException(e);
        }
    }

    private void skipFully(InputStream in, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw shortContent(count - left);
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private IOException shortContent(long delivered) {
        return new ShortContentException("the content ended after " + delivered + " bytes, "
                + (offset + length) + " were announced");
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // Nothing was read that could be lost.
            }
        }
    }

    /** The content ran out before the length it announced. */
    static final class ShortContentException extends IOException {
        private static final long serialVersionUID = 1L;

        ShortContentException(String message) {
            super(message);
        }
    }

    /** Yields exactly {@code length} bytes of the source, or fails. */
    private final class Exact extends FilterInputStream {
        private long left = length;

        Exact(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = source(() -> in.read());
            if (b < 0) {
                throw remember(shortContent(offset + length - left));
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (left <= 0) {
                return -1;
            }
            int n = source(() -> in.read(buffer, from, (int) Math.min(count, left)));
            if (n < 0) {
                throw remember(shortContent(offset + length - left));
            }
            left -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = source(() -> (int) in.skip(Math.min(Math.min(n, left), Integer.MAX_VALUE)));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(left, source(in::available));
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private int source(IoCall call) throws IOException {
            try {
                return call.run();
            } catch (IOException e) {
                throw remember(e);
            } catch (UncheckedIOException e) {
                throw remember(e.getCause());
            }
        }

        private IOException remember(IOException e) {
            if (sourceFailure == null) {
                sourceFailure = e;
            }
            return e;
        }
    }

    private interface IoCall {
        int run() throws IOException;
    }
}
