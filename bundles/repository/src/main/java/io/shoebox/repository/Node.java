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
 * @param thumbnail id of the data blob holding a file's JPEG thumbnail, {@code null} when it has none
 * @param metadata extracted media metadata (date taken, camera, GPS, ...), possibly empty
 * @param attributes ownership, status-change and creation time, extended attributes, as far as known
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
        BlobId thumbnail,
        Map<String, Object> metadata,
        NodeAttributes attributes) {

    public enum NodeType {
        FILE, DIR
    }

    public Node {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid node name '" + name + "'");
        }
        content = content == null ? List.of() : List.copyOf(content);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        attributes = attributes == null ? NodeAttributes.NONE : attributes;
    }

    /** A node without attributes beyond its mode. */
    public Node(String name, NodeType type, long size, Instant mtime, int mode, String fileId, List<BlobId> content,
            BlobId subtree, BlobId thumbnail, Map<String, Object> metadata) {
        this(name, type, size, mtime, mode, fileId, content, subtree, thumbnail, metadata, NodeAttributes.NONE);
    }

    public static Node file(String name, long size, Instant mtime, int mode, String fileId, List<BlobId> content,
            Map<String, Object> metadata) {
        return new Node(name, NodeType.FILE, size, mtime, mode, fileId, content, null, null, metadata);
    }

    public static Node file(String name, long size, Instant mtime, int mode, String fileId, List<BlobId> content,
            BlobId thumbnail, Map<String, Object> metadata) {
        return new Node(name, NodeType.FILE, size, mtime, mode, fileId, content, null, thumbnail, metadata);
    }

    public static Node directory(String name, Instant mtime, int mode, BlobId subtree) {
        return new Node(name, NodeType.DIR, 0, mtime, mode, null, List.of(), subtree, null, Map.of());
    }

    public static Node directory(String name, Instant mtime, int mode, BlobId subtree, NodeAttributes attributes) {
        return new Node(name, NodeType.DIR, 0, mtime, mode, null, List.of(), subtree, null, Map.of(), attributes);
    }

    /** Every data blob the node refers to: its content in order, then its thumbnail if it has one. */
    public List<BlobId> dataBlobs() {
        if (thumbnail == null) {
            return content;
        }
        List<BlobId> blobs = new java.util.ArrayList<>(content.size() + 1);
        blobs.addAll(content);
        blobs.add(thumbnail);
        return blobs;
    }

    /**
     * This node with its data blobs replaced, as {@link #dataBlobs()} lists them (the content, then
     * the thumbnail if this node has one), and its subtree.
     */
    public Node withBlobs(List<BlobId> dataBlobs, BlobId newSubtree) {
        List<BlobId> newContent = thumbnail == null ? dataBlobs : dataBlobs.subList(0, dataBlobs.size() - 1);
        BlobId newThumbnail = thumbnail == null ? null : dataBlobs.get(dataBlobs.size() - 1);
        return new Node(name, type, size, mtime, mode, fileId, newContent, newSubtree, newThumbnail, metadata,
                attributes);
    }

    /** This node with other media metadata and thumbnail; everything else stays. */
    public Node withMedia(BlobId newThumbnail, Map<String, Object> newMetadata) {
        return new Node(name, type, size, mtime, mode, fileId, content, subtree, newThumbnail, newMetadata, attributes);
    }

    /** This node with another mode and other attributes; content and media stay. */
    public Node withAttributes(int newMode, NodeAttributes newAttributes) {
        return new Node(name, type, size, mtime, newMode, fileId, content, subtree, thumbnail, metadata, newAttributes);
    }

    public boolean isDirectory() {
        return type == NodeType.DIR;
    }
}
