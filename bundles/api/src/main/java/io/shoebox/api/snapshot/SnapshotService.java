package io.shoebox.api.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/** Reading the snapshots of a target: list them, browse them, fetch a file. */
@ProviderType
public interface SnapshotService {

    /**
     * Snapshots of a target, newest first.
     *
     * @throws java.util.NoSuchElementException when there is no such target
     * @throws IOException when the repository cannot be read (target unavailable, wrong password)
     */
    List<SnapshotInfo> list(String target) throws IOException;

    /**
     * Figures of a target's repository: snapshots, blobs, packs, bytes and index memory.
     *
     * @throws java.util.NoSuchElementException when there is no such target
     * @throws IOException when the repository cannot be read
     */
    RepositoryInfo repository(String target) throws IOException;

    /**
     * The locks on a target's repository now, stale ones included (the {@code unlock} job removes them).
     *
     * @throws java.util.NoSuchElementException when there is no such target
     * @throws IOException when the repository cannot be read
     */
    List<TargetLock> locks(String target) throws IOException;

    /**
     * The entries of a folder inside a snapshot, folders first, then by name.
     *
     * @param path folder relative to the source root; empty or {@code /} for the root
     * @throws java.util.NoSuchElementException when the snapshot or the folder does not exist
     */
    List<SnapshotEntry> listFolder(String target, String snapshotId, String path) throws IOException;

    /**
     * Writes a file's content, verified, to {@code out}.
     *
     * @return the entry written
     */
    SnapshotEntry readFile(String target, String snapshotId, String path, OutputStream out) throws IOException;

    /**
     * Visits every file of a snapshot, folder by folder in name order.
     *
     * @throws java.util.NoSuchElementException when there is no such target or snapshot
     */
    void walk(String target, String snapshotId, Consumer<SnapshotFile> visitor) throws IOException;

    /**
     * The thumbnail stored with a file at backup, as JPEG bytes.
     *
     * @return the bytes, or empty when the file has none
     * @throws java.util.NoSuchElementException when the snapshot or the file does not exist
     */
    Optional<byte[]> thumbnail(String target, String snapshotId, String path) throws IOException;
}
