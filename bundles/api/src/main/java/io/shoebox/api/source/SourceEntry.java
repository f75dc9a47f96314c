package io.shoebox.api.source;

import java.time.Instant;

/**
 * One file (or, in {@link SourceVisitor#folder}, one folder) of a source.
 *
 * @param path path relative to the source root, {@code /}-separated, no leading slash; a name
 *     that is not valid UTF-8 is carried byte for byte as {@link FileNames} describes
 * @param size length in bytes (0 for a folder)
 * @param modified last modification time
 * @param fileId an identity that survives renames where the medium has one (an inode number,
 *     a cloud object id), or {@code null}
 * @param attributes mode, ownership and further times, as far as the source knows them
 */
public record SourceEntry(String path, long size, Instant modified, String fileId, FileAttributes attributes) {

    public SourceEntry {
        attributes = attributes == null ? FileAttributes.UNKNOWN : attributes;
    }

    /** An entry whose source knows nothing beyond size, modification time and identity. */
    public SourceEntry(String path, long size, Instant modified, String fileId) {
        this(path, size, modified, fileId, FileAttributes.UNKNOWN);
    }
}
