package io.shoebox.api.source;

import java.time.Instant;

/**
 * One file of a source.
 *
 * @param path path relative to the source root, {@code /}-separated, no leading slash
 * @param size length in bytes
 * @param modified last modification time
 * @param fileId an identity that survives renames where the medium has one (an inode number,
 *     a cloud object id), or {@code null}
 */
public record SourceEntry(String path, long size, Instant modified, String fileId) {
}
