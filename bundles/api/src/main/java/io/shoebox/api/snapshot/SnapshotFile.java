package io.shoebox.api.snapshot;

import java.time.Instant;

import io.shoebox.api.metadata.MediaMetadata;

/**
 * A file met while walking a whole snapshot.
 *
 * @param path its path relative to the source root, {@code /}-separated
 * @param size length in bytes
 * @param modified modification time
 * @param contentKey identity of the content within this target's repository: equal keys mean
 *     identical bytes (keys of different targets cannot be compared)
 * @param media media metadata recorded at backup, or {@code null} when none was extracted
 * @param thumbnail whether a thumbnail is stored for it
 */
public record SnapshotFile(String path, long size, Instant modified, String contentKey, MediaMetadata media,
        boolean thumbnail) {
}
