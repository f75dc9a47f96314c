package io.shoebox.engine.internal.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backup counts as it goes: files by what became of them, bytes read and bytes new to the
 * repository. They are kept in every snapshot it commits and reported as the job's result.
 * Thread-safe: the walk and the worker threads count at once.
 */
final class BackupStats {

    private final AtomicLong filesNew = new AtomicLong();
    private final AtomicLong filesChanged = new AtomicLong();
    private final AtomicLong filesUnchanged = new AtomicLong();
    private final AtomicLong filesSkipped = new AtomicLong();
    private final AtomicLong filesExcluded = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesAdded = new AtomicLong();

    /** A file was read and stored; {@code existed}: the parent snapshot had it (changed), else new. */
    void fileStored(boolean existed) {
        (existed ? filesChanged : filesNew).incrementAndGet();
    }

    /** A file was taken over from the parent snapshot without reading it. */
    void fileUnchanged() {
        filesUnchanged.incrementAndGet();
    }

    /** An entry could not be read, or the walk could not reach it. */
    void fileSkipped() {
        filesSkipped.incrementAndGet();
    }

    /** A file the selection left out. */
    void fileExcluded() {
        filesExcluded.incrementAndGet();
    }

    void bytesRead(long bytes) {
        bytesRead.addAndGet(bytes);
    }

    /** Bytes of blobs the repository did not have yet. */
    void bytesAdded(long bytes) {
        bytesAdded.addAndGet(bytes);
    }

    long filesNew() {
        return filesNew.get();
    }

    long filesChanged() {
        return filesChanged.get();
    }

    long filesUnchanged() {
        return filesUnchanged.get();
    }

    /** Files in the backup so far: new, changed and unchanged. */
    long filesBackedUp() {
        return filesNew.get() + filesChanged.get() + filesUnchanged.get();
    }

    /** The statistics a snapshot keeps. */
    Map<String, Long> snapshotStats(long bytesUploaded) {
        Map<String, Long> stats = new LinkedHashMap<>();
        putFileCounts(stats);
        stats.put("bytesRead", bytesRead.get());
        stats.put("bytesAdded", bytesAdded.get());
        stats.put("bytesUploaded", bytesUploaded);
        stats.put("filesExcluded", filesExcluded.get());
        return stats;
    }

    /**
     * The job's result.
     *
     * @param parentSnapshotId the snapshot the backup compared with, or {@code null}
     * @param bytesStored bytes the writer uploaded (packs and index)
     * @param packsStored packs the writer uploaded
     * @param checkpoints checkpoint snapshots committed (and forgotten at the end)
     * @param warnings the job's warnings
     */
    Map<String, Object> result(String snapshotId, String parentSnapshotId, long bytesStored, long packsStored,
            int checkpoints, long warnings) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("snapshotId", snapshotId);
        result.put("parentSnapshotId", parentSnapshotId);
        putFileCounts(result);
        result.put("filesExcluded", filesExcluded.get());
        result.put("bytesRead", bytesRead.get());
        result.put("bytesAdded", bytesAdded.get());
        result.put("bytesStored", bytesStored);
        result.put("packsStored", packsStored);
        result.put("checkpoints", checkpoints);
        result.put("warnings", warnings);
        return result;
    }

    /** Files new, changed, unchanged and skipped, in this order, as snapshots and results both begin them. */
    private void putFileCounts(Map<String, ? super Long> counts) {
        counts.put("filesNew", filesNew.get());
        counts.put("filesChanged", filesChanged.get());
        counts.put("filesUnchanged", filesUnchanged.get());
        counts.put("filesSkipped", filesSkipped.get());
    }
}
