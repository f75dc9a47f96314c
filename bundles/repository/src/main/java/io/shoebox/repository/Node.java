package io.shoebox.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of a directory in a snapshot.
 *
 * @param name file or directory name, never containing {@code /}
 * @param type what it is
 * @param size length in bytes (files), 0 otherwise
 * @param mtime last modification time, to the precision the source gave
 * @param mode POSIX permission bits, or 0 when unknown
 * @param fileId the source's identity of the file (inode number or similar), or {@code null}
 * @param content ids of the data blobs that make up a file, in order; empty for other types
 * @param subtree id of the tree blob of a directory, {@code null} otherwise
 * @param metadata extracted media metadata (date taken, camera, GPS, ...), possibly empty
 */
public record Node(
        String name,
        NodeType type,
        long size,
        Instant mtime,
        int mode,
        String fileId,
        List<BlobId> content,
        BlobId subtree,
        Map<String, Object> metadata) {

    public enum NodeType {
        FILE, DIR
    }

    public Node {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid node name '" + name + "'");
        }
        content = content == null ? List.of() : List.copyOf(content);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Node file(String name, long size, Instant mtime, int mode, String fileId, List<BlobId> content,
            Map<String, Object> metadata) {
        return new Node(name, NodeType.FILE, size, mtime, mode, fileId, content, null, metadata);
    }

    public static Node directory(String name, Instant mtime, int mode, BlobId subtree) {
        return new Node(name, NodeType.DIR, 0, mtime, mode, null, List.of(), subtree, Map.of());
    }

    public boolean isDirectory() {
        return type == NodeType.DIR;
    }
}
