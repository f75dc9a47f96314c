package io.shoebox.metadata.avchd.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of one file the reader may take: bytes actually read (skipped bytes are free when the stream
 * can skip) and wall-clock time. A file that needs more gets a warning and what was read by then.
 *
 * @param maxBytes bytes that may be read from the stream
 * @param timeout time one file may take
 */
record ReadLimits(long maxBytes, Duration timeout) {

    /**
     * What the metadata of one clip may cost. The head of the stream and its last megabyte are all that
     * is read of a clip whose stream tells its length (a file's does); without that, the whole clip up
     * to this many bytes.
     */
    static final ReadLimits METADATA = new ReadLimits(64L << 20, Duration.ofSeconds(5));

    ReadLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + " bytes, " + timeout);
        }
    }
}
