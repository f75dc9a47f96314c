package io.shoebox.repository;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Adds blobs and snapshots to a repository. Blobs are packed, encrypted and uploaded in the
 * background with bounded memory: {@link #storeBlob} blocks while too much is in flight.
 * Nothing becomes part of a snapshot until {@link #commit}: the snapshot object is written only
 * after every pack and index it depends on is durable. Thread-safe.
 */
@ProviderType
public interface RepositoryWriter extends AutoCloseable {

    /** Outcome of storing one blob. */
    record Stored(BlobId id, boolean added, int length) {
    }

    /**
     * Stores a blob unless the repository already has one with the same content.
     *
     * @return its id, and whether it was new
     */
    Stored storeBlob(BlobType type, byte[] data, int offset, int length) throws IOException;

    /** Serializes, compresses and stores a tree. */
    BlobId storeTree(Tree tree) throws IOException;

    /** Uploads every pending pack and writes the index for all packs uploaded so far. */
    void flush() throws IOException;

    /** {@link #flush()}es, then writes the snapshot; returns its id. */
    String commit(Snapshot snapshot) throws IOException;

    /** Bytes uploaded to the storage so far (packs and index), for progress and statistics. */
    long bytesUploaded();

    /** Packs uploaded so far. */
    long packsUploaded();

    /** Stops background uploads. Packs not yet uploaded are lost; uploaded ones stay usable. */
    @Override
    void close() throws IOException;
}
