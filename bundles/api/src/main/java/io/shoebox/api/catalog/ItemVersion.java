package io.shoebox.api.catalog;

import java.time.Instant;

/**
 * A snapshot that holds a version of a catalog item.
 *
 * @param target the target the snapshot is on
 * @param snapshotId the snapshot
 * @param snapshotTime when its backup started
 * @param size bytes of the file in that snapshot
 * @param modified modification time of the file in that snapshot
 * @param contentKey identity of the content within the target's repository: equal keys on one
 *     target mean identical bytes
 */
public record ItemVersion(String target, String snapshotId, Instant snapshotTime, long size, Instant modified,
        String contentKey) {
}
