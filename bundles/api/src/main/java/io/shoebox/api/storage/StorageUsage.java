package io.shoebox.api.storage;

/**
 * Space on a target.
 *
 * @param usedBytes bytes taken by this target's objects
 * @param availableBytes bytes that can still be written, or {@code -1} when the medium does not say
 */
public record StorageUsage(long usedBytes, long availableBytes) {

    /** Value of {@link #availableBytes()} when the medium does not report it. */
    public static final long UNKNOWN = -1;
}
