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

    /**
     * The length of a blob's content, from the index alone, without reading the blob. Fails as
     * {@link RepositoryException.Reason#CORRUPT corrupt} for a blob the index does not know.
     */
    int blobLength(BlobId id) throws IOException;

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

    /**
     * Copies a snapshot of another repository into this one without the original files. Every
     * blob is read from {@code from}, authenticated and checked against its id there, and stored
     * here under this repository's own key unless this repository already has it. Files unchanged
     * since the previous copy of the same source are taken over from that copy without being read.
     * The new snapshot keeps the original's time, host, source, path, tags and stats and names the
     * original in {@link Snapshot#copyOf}; if this repository already holds a copy of it, nothing is
     * stored. The snapshot is written only after its data is durable and verified here (every tree
     * and data blob indexed, every pack present, and {@code verifyReadFraction}, 0 to 1, of the data
     * blobs read back), so a failure leaves at most unreferenced packs that prune removes. The caller
     * holds a lock on both repositories; shared locks suffice.
     *
     * @throws RepositoryException with reason {@code CORRUPT}, naming the file and blob, when the
     *     original cannot be read intact or the copy does not verify
     */
    CopyResult copySnapshot(Repository from, SnapshotRef snapshot, double verifyReadFraction, CopyListener listener)
            throws IOException;

    /**
     * Repairs a damaged repository under the exclusive lock, in an order a crash cannot turn into
     * loss (see the format spec, "Repair"). The index is rebuilt from the packs' headers, so lost or
     * damaged index files are replaced; intact blobs are copied out of damaged packs (a header that
     * no longer opens is read through the old index's entries), then the damaged packs are removed;
     * blobs that are missing or damaged are left out of the new index, so that the next backup
     * stores them again from the source. With {@link RepairOptions#rewriteSnapshots()}, snapshots
     * whose files can no longer be read are replaced by snapshots without those files (marked
     * {@link Snapshot#repaired()}), and snapshot objects that cannot be opened are removed.
     */
    RepairResult repair(RepairOptions options, ProgressListener progress) throws IOException;

    /** The lock objects on the repository now, stale ones included. */
    List<LockInfo> locks() throws IOException;

    /**
     * Removes stale locks: those whose lease has run out, and those of a process on this host that no
     * longer runs (a server that was killed and started again). With {@code all}, removes every lock,
     * fresh ones and unreadable ones included: only for an operator who knows that nothing else uses
     * the repository.
     *
     * @return the locks removed
     */
    List<LockInfo> unlock(boolean all) throws IOException;

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

    /** Reports the progress of a copy; called from several threads. */
    @FunctionalInterface
    interface CopyListener {
        /** What the snapshot holds, once known and before copying starts. */
        default void totals(long files, long bytes) {
        }

        /** A file of {@code bytes} bytes is in the copy (copied, or taken over from the previous copy). */
        void fileDone(long bytes);

        CopyListener NONE = bytes -> { };
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

    /**
     * A lock object.
     *
     * @param id the lock object's name
     * @param exclusive whether it excludes every other lock
     * @param hostname the host of the process that holds it
     * @param pid that process's id
     * @param created when the holder took it
     * @param expires until when it is fresh without another refresh
     * @param stale whether it no longer counts (expired, or its process on this host is gone)
     * @param description who holds it, for people
     */
    record LockInfo(String id, boolean exclusive, String hostname, long pid, java.time.Instant created,
            java.time.Instant expires, boolean stale, String description) {
    }

    /**
     * What a repair does.
     *
     * @param readData re-read every pack and authenticate every blob, which finds damaged data;
     *     without it, only missing packs, packs whose size or header is wrong and index problems are found
     * @param rewriteSnapshots replace snapshots whose files can no longer be read by snapshots without
     *     them, and remove snapshot objects that cannot be opened
     */
    record RepairOptions(boolean readData, boolean rewriteSnapshots) {
    }

    /**
     * Outcome of a repair.
     *
     * @param packsRead packs whose data was re-read
     * @param damagedPacks packs found missing, truncated or damaged; those still present were removed
     *     once their intact blobs were copied into new packs
     * @param blobsSalvaged intact blobs copied out of damaged packs
     * @param blobsDropped blobs left out of the new index because they are lost; a backup of the
     *     original files stores them again
     * @param indexFilesWritten index files of the new index
     * @param indexFilesRemoved index files it replaced, damaged ones included
     * @param snapshotsRewritten snapshots replaced by ones without their unreadable files
     * @param snapshotsRemoved snapshot objects removed because they could not be opened
     * @param problems what was found and what was done about it, in words, one line each
     */
    record RepairResult(long packsRead, List<String> damagedPacks, long blobsSalvaged, List<BlobId> blobsDropped,
            int indexFilesWritten, int indexFilesRemoved, List<RewrittenSnapshot> snapshotsRewritten,
            List<String> snapshotsRemoved, List<String> problems) {

        /** Whether the repository was already sound: nothing was found and nothing changed. */
        public boolean nothingFound() {
            return damagedPacks.isEmpty() && blobsDropped.isEmpty() && snapshotsRewritten.isEmpty()
                    && snapshotsRemoved.isEmpty() && problems.isEmpty();
        }
    }

    /**
     * A snapshot replaced by a repair.
     *
     * @param original the damaged snapshot, removed
     * @param replacement the snapshot written in its place
     * @param filesLost how many files were left out because their data is lost; a folder whose own
     *     listing is lost counts as one (it stays, empty)
     * @param lostFiles their paths, relative to the source's root, folders ending in {@code /} and a
     *     lost root folder as {@code /} (the first 1000)
     */
    record RewrittenSnapshot(String original, String replacement, long filesLost, List<String> lostFiles) {
    }

    record IndexStats(long blobs, long packs, long storedBytes, long memoryBytes) {
    }

    record PruneResult(long packsDeleted, long packsRewritten, long bytesFreed, long blobsRemoved) {
    }

    /**
     * Outcome of a copy.
     *
     * @param snapshotId the copy in this repository (the one already there if {@code copied} is false)
     * @param copied false when this repository already held a copy and nothing was done
     * @param files files in the snapshot
     * @param bytes their bytes
     * @param blobsRead data blobs read from the other repository (the rest were taken over)
     * @param bytesRead their bytes
     * @param bytesAdded bytes of data new to this repository, before encryption
     * @param bytesStored bytes uploaded to this repository: packs and index
     * @param blobsVerified data blobs read back from this repository after writing
     */
    record CopyResult(String snapshotId, boolean copied, long files, long bytes, long blobsRead, long bytesRead,
            long bytesAdded, long bytesStored, long blobsVerified) {
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
