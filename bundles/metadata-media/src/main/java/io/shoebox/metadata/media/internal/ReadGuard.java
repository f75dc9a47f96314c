package io.shoebox.metadata.media.internal;

import java.io.IOException;

/**
 * The budget of one file, shared by every reader of it: the bytes read so far, the deadline, the first
 * limit that was hit and the first failure of the caller's stream.
 *
 * <p>Parsers swallow {@link IOException}s here and there and carry on with what they have. That is
 * what we want for a limit (every later read fails as well, so they stop soon) but not for a failure of
 * the stream itself, which the API reports to the caller: it is remembered here and rethrown once
 * parsing is over.
 */
final class ReadGuard {

    private final long maxBytes;
    private final long deadlineNanos;
    private long bytesRead;
    private ReadLimitException exceeded;
    private IOException sourceFailure;

    ReadGuard(long maxBytes, long deadlineNanos) {
        this.maxBytes = maxBytes;
        this.deadlineNanos = deadlineNanos;
    }

    /** Throws once the deadline has passed. */
    void checkTime() throws ReadLimitException {
        if (exceeded != null) {
            throw exceeded;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw exceed(new ReadLimitException("reading took longer than the limit; stopped"));
        }
    }

    /** Whether the deadline has passed, without throwing. */
    boolean timeIsUp() {
        return exceeded != null || System.nanoTime() - deadlineNanos > 0;
    }

    /** How many more bytes may be read. */
    long remainingBytes() {
        return Math.max(0, maxBytes - bytesRead);
    }

    /** Counts bytes read, throwing when they pass the limit. */
    void countRead(long n) throws ReadLimitException {
        bytesRead += n;
        if (bytesRead > maxBytes) {
            throw exceed(new ReadLimitException("more than " + (maxBytes >> 20) + " MiB would have to be read; stopped"));
        }
    }

    private ReadLimitException exceed(ReadLimitException e) {
        if (exceeded == null) {
            exceeded = e;
        }
        return exceeded;
    }

    /** The first limit hit, or {@code null}. */
    ReadLimitException exceeded() {
        return exceeded;
    }

    void sourceFailed(IOException e) {
        if (sourceFailure == null) {
            sourceFailure = e;
        }
    }

    /** Whether {@code e} is (or was caused by) a failure of the caller's stream. */
    boolean isSourceFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == sourceFailure) {
                return true;
            }
        }
        return false;
    }

    /** Rethrows the caller's stream failure, if there was one, even when a parser swallowed it. */
    void rethrowSourceFailure() throws IOException {
        if (sourceFailure != null) {
            throw sourceFailure;
        }
    }
}
