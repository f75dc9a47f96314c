package io.shoebox.api.snapshot;

import java.time.Instant;
import java.util.Map;

/**
 * A file or folder inside a snapshot.
 *
 * @param name its name
 * @param path its path relative to the source root, {@code /}-separated
 * @param directory whether it is a folder
 * @param size length in bytes of a file
 * @param modified modification time
 * @param metadata media metadata recorded for a file, possibly empty
 */
public record SnapshotEntry(String name, String path, boolean directory, long size, Instant modified,
        Map<String, Object> metadata) {
}
