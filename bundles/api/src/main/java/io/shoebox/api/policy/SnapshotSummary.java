package io.shoebox.api.policy;

import java.time.Instant;

/**
 * What retention rules see of a snapshot.
 *
 * @param id snapshot id
 * @param time when the snapshot was taken
 * @param source name of the source it was taken of
 * @param checkpoint whether it is an intermediate snapshot of a backup still under way
 */
public record SnapshotSummary(String id, Instant time, String source, boolean checkpoint) {
}
