package io.shoebox.repository;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open repository. Reads are safe from many threads. Writing goes through a
 * {@link RepositoryWriter}; changes that remove data ({@link #prune}) need an exclusive lock.
 */
@ProviderType
public interface Repository extends AutoCloseable {

    /** The repository's unique id, from its config. */
    String id();

    /** The content chunker of this repository (keyed by its secret). */
    Chunker chunker();

    /** Id that content would have in this repository. */
    BlobId blobId(byte[] data, int offset, int length);

    /** Whether a blob is stored (indexed) in the repository. */
    boolean contains(BlobId id);

    /** Reads, decrypts and authenticates a blob. */
    byte[] readBlob(BlobId id) throws IOException;

    Tree readTree(BlobId id) throws IOException;

    /** All snapshots, oldest first. */
    List<SnapshotRef> snapshots() throws IOException;

    Optional<SnapshotRef> snapshot(String id) throws IOException;

    /** Starts writing; the caller holds (at least) a shared lock while it writes. */
    RepositoryWriter writer() throws IOException;

    /**
     * Takes a lock. Shared locks exclude only exclusive ones.
     *
     * @throws RepositoryException with reason {@code LOCKED} if a fresh conflicting lock exists
     */
    RepositoryLock lock(boolean exclusive) throws IOException;

    /** Removes a snapshot object; its data stays until {@link #prune}. Needs a lock. */
    void forget(String snapshotId) throws IOException;

    /**
     * Removes data no snapshot uses, crash-safely. Needs the exclusive lock.
     *
     * @return what was done
     */
    PruneResult prune(ProgressListener progress) throws IOException;

    /**
     * Verifies the repository: structure always, and the data of {@code readFraction} (0 to 1) of
     * the packs, chosen at random.
     */
    CheckResult check(double readFraction, ProgressListener progress) throws IOException;

    /** Key management: passwords that open this repository. */
    Keys keys();

    /** Index figures: blobs, packs, bytes, and memory the in-memory index takes. */
    IndexStats indexStats();

    /** Reloads index files written by other processes and adopts complete packs not yet indexed. */
    void refresh() throws IOException;

    @Override
    void close() throws IOException;

    /** Reports progress of long operations. */
    @FunctionalInterface
    interface ProgressListener {
        void progress(long done, long total);

        ProgressListener NONE = (done, total) -> { };
    }

    /** Passwords of a repository: each key wraps the same master key under its own password. */
    @ProviderType
    interface Keys {
        /** Ids and labels of the keys. */
        List<KeyInfo> list() throws IOException;

        /** Adds a key for another password; returns its id. */
        String add(char[] password, String label) throws IOException;

        /** Removes a key; the last key cannot be removed. */
        void remove(String keyId) throws IOException;

        /** Replaces the key that opened this repository by one for a new password. */
        void changePassword(char[] newPassword) throws IOException;
    }

    record KeyInfo(String id, String label, java.time.Instant created, boolean current) {
    }

    record IndexStats(long blobs, long packs, long storedBytes, long memoryBytes) {
    }

    record PruneResult(long packsDeleted, long packsRewritten, long bytesFreed, long blobsRemoved) {
    }

    /**
     * Outcome of a check.
     *
     * @param errors every problem found, in words
     * @param damagedPacks packs that are missing or hold data that fails authentication
     * @param damagedBlobs blobs that cannot be read back intact
     * @param packsRead how many packs had their data re-read
     */
    record CheckResult(List<String> errors, List<String> damagedPacks, List<BlobId> damagedBlobs, long packsRead) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }
}
