package io.shoebox.metadata.avchd.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's stream as the reader sees it: reads count against the {@link ReadLimits}, every call
 * checks the deadline, and the position in the file is known. It is metadata-media's guard reduced to
 * what one sequential reader needs (plugins share nothing but the API).
 *
 * <p>Skipping asks the caller's stream to skip (a file stream seeks), in steps so that the deadline is
 * checked between them; only a stream that cannot skip has its bytes read, and counted. The first failure
 * of the caller's stream is remembered, so that it can be told apart from a limit and rethrown.
 *
 * <p>Closing this stream does not close the caller's: the stream belongs to whoever opened it.
 */
final class GuardedInputStream extends InputStream {

    private static final long SKIP_STEP = 64L << 20;

    private final InputStream source;
    private final long maxBytes;
    private final long deadlineNanos;
    private long bytesRead;
    private long position;
    private ReadLimitException exceeded;
    private IOException sourceFailure;

    GuardedInputStream(InputStream source, ReadLimits limits) {
        this.source = source;
        this.maxBytes = limits.maxBytes();
        this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
    }

    /** The offset in the file of the next byte. */
    long position() {
        return position;
    }

    /** The first limit hit, or {@code null}. */
    ReadLimitException exceeded() {
        return exceeded;
    }

    /** The caller's stream failure, if there was one, which the API lets through to the caller. */
    IOException sourceFailure() {
        return sourceFailure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        checkTime();
        int n;
        try {
            n = source.read(buffer, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
        if (n > 0) {
            bytesRead += n;
            position += n;
            if (bytesRead > maxBytes) {
                throw exceed(new ReadLimitException("more than " + (maxBytes >> 20) + " MiB would have to be read; stopped"));
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            checkTime();
            long s;
            try {
                s = source.skip(Math.min(n - skipped, SKIP_STEP));
            } catch (IOException e) {
                throw failed(e);
            }
            if (s <= 0) {
                // The stream cannot skip, or is at its end: read (and count) a little to tell which.
                byte[] drop = new byte[(int) Math.min(n - skipped, 8192)];
                int r = read(drop, 0, drop.length);
                if (r < 0) {
                    break;
                }
                skipped += r;
            } else {
                skipped += s;
                position += s;
            }
        }
        return skipped;
    }

    /**
     * How many bytes the caller's stream says are left, which a file's stream tells exactly (up to
     * {@link Integer#MAX_VALUE}) and other streams may not: a hint, never trusted for more than where to
     * look.
     */
    @Override
    public int available() throws IOException {
        try {
            return source.available();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        // The caller's stream is the caller's to close.
    }

    private void checkTime() throws ReadLimitException {
        if (exceeded != null) {
            throw exceeded;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw exceed(new ReadLimitException("reading took longer than the limit; stopped"));
        }
    }

    private ReadLimitException exceed(ReadLimitException e) {
        if (exceeded == null) {
            exceeded = e;
        }
        return exceeded;
    }

    private IOException failed(IOException e) {
        if (sourceFailure == null) {
            sourceFailure = e;
        }
        return e;
    }
}
