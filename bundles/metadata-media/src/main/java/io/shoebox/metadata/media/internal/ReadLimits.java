package io.shoebox.metadata.media.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of one file a reader may take: bytes actually read (skipped bytes are free when the stream
 * can skip) and wall-clock time. A file that needs more gets a warning and what was read by then.
 *
 * @param maxBytes bytes that may be read from the stream
 * @param timeout time one file may take
 */
record ReadLimits(long maxBytes, Duration timeout) {

    /** Metadata sits in a file's first segments or boxes; a video's movie box may follow gigabytes of media data. */
    static final ReadLimits METADATA = new ReadLimits(64L << 20, Duration.ofSeconds(5));

    /** Thumbnails may decode a whole picture, which for a big JPEG takes longer than its header. */
    static final ReadLimits THUMBNAIL = new ReadLimits(64L << 20, Duration.ofSeconds(10));

    ReadLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + timeout);
        }
    }

    /** Starts the clock for one file. */
    ReadGuard start() {
        return new ReadGuard(maxBytes, System.nanoTime() + timeout.toNanos());
    }
}
