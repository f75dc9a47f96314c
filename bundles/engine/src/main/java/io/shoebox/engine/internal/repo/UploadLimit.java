package io.shoebox.engine.internal.repo;

import java.io.InterruptedIOException;

/**
 * A token bucket for the upload rate of one target. The rate can change while uploads run: a
 * policy sets its limit when its backup starts and lifts it when the backup ends.
 */
public final class UploadLimit {

    /** Reads are granted in slices of at most this many bytes, so a low limit still flows evenly. */
    private static final int SLICE = 64 * 1024;

    private long bytesPerSecond;
    private double tokens;
    private long lastRefill = System.nanoTime();

    /** Sets the rate; 0 or less lifts the limit. */
    public synchronized void set(long newBytesPerSecond) {
        bytesPerSecond = Math.max(0, newBytesPerSecond);
        tokens = 0;
        lastRefill = System.nanoTime();
        notifyAll();
    }

    synchronized boolean isLimited() {
        return bytesPerSecond > 0;
    }

    /**
     * Waits until some bytes may be sent.
     *
     * @return how many of the wanted bytes may be sent now, at least 1
     */
    synchronized int acquire(int wanted) throws InterruptedIOException {
        if (wanted <= 0) {
            return wanted;
        }
        int slice = Math.min(wanted, SLICE);
        while (bytesPerSecond > 0) {
            long now = System.nanoTime();
            tokens = Math.min(bytesPerSecond, tokens + (now - lastRefill) * bytesPerSecond / 1e9);
            lastRefill = now;
            if (tokens >= 1) {
                int granted = (int) Math.min(slice, tokens);
                tokens -= granted;
                return granted;
            }
            long waitMillis = Math.max(1, (long) Math.ceil((Math.min(slice, bytesPerSecond) - tokens) * 1000 / bytesPerSecond));
            try {
                wait(Math.min(waitMillis, 250));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for upload bandwidth");
            }
        }
        return wanted;
    }
}
