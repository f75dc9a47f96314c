package io.shoebox.metadata.avchd.internal;

/**
 * Bytes in memory do not hold what their structure promises (a bit string that ends early, an
 * exp-Golomb code too long to be real). Thrown by the parsers of one unit and caught around it, so that
 * the unit alone is lost.
 */
final class Malformed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Malformed(String message) {
        super(message, null, false, false);
    }
}
