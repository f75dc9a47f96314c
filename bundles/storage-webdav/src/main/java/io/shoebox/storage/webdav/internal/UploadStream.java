package io.shoebox.storage.webdav.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The content of an upload as the HTTP client pulls it: refuses content that is shorter or longer
 * than announced, remembers when the client last took bytes (so a stalled upload can be told from
 * a slow one) and whether a failure came from the content rather than from the network.
 */
final class UploadStream extends FilterInputStream {

    private final long announced;
    private final String key;
    private long served;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile IOException contentFailure;
    private volatile boolean lengthMismatch;

    UploadStream(InputStream content, long announced, String key) {
        super(content);
        this.announced = announced;
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            contentFailure = e;
            throw e;
        }
        lastProgressNanos = System.nanoTime();
        if (n < 0) {
            if (served != announced) {
                throw fail("the content of " + key + " ended after " + served + " bytes, " + announced
                        + " were announced");
            }
            return -1;
        }
        served += n;
        if (served > announced) {
            throw fail("the content of " + key + " is longer than the " + announced + " bytes announced");
        }
        return n;
    }

    private IOException fail(String message) {
        IOException failure = new IOException(message);
        lengthMismatch = true;
        contentFailure = failure;
        return failure;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** The failure of the content itself (not of the network), or {@code null}. */
    IOException contentFailure() {
        return contentFailure;
    }

    /** Whether the failure was a length mismatch rather than the content's own read error. */
    boolean lengthMismatch() {
        return lengthMismatch;
    }
}
