package io.shoebox.api.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * Is everything of a source backed up? The source's files now, compared with the newest complete
 * snapshot of the source on each target.
 *
 * @param source the source's name
 * @param files files the source holds now
 * @param bytes their total size
 * @param targets one entry per target, in name order
 * @param unreadable what the source holds but cannot be backed up, on any target: a folder that
 *     cannot be read, a pipe, a photo that is only a cloud placeholder; sorted by path
 */
public record Coverage(String source, long files, long bytes, List<TargetCoverage> targets,
        List<Unreadable> unreadable) {

    public Coverage {
        targets = List.copyOf(targets);
        unreadable = unreadable == null ? List.of() : List.copyOf(unreadable);
    }

    /** Coverage of a source whose every entry can be read. */
    public Coverage(String source, long files, long bytes, List<TargetCoverage> targets) {
        this(source, files, bytes, targets, List.of());
    }

    /**
     * Something in the source that no backup can take, and why.
     *
     * @param path its path relative to the source's root
     * @param reason why it cannot be backed up
     */
    public record Unreadable(String path, String reason) {
    }

    /**
     * One target's share of the answer.
     *
     * @param target the target's name
     * @param snapshotId its newest complete snapshot of the source, {@code null} when there is none
     * @param snapshotTime when that backup started
     * @param backedUp files of the source now whose size and modification time match the snapshot
     * @param missing paths of files the source has now and the snapshot does not, sorted
     * @param changed paths of files whose size or modification time differ from the snapshot, sorted
     * @param problem why the target could not be compared (unavailable, unreadable), or {@code null}
     */
    public record TargetCoverage(String target, String snapshotId, Instant snapshotTime, long backedUp,
            List<String> missing, List<String> changed, String problem) {

        public TargetCoverage {
            missing = List.copyOf(missing);
            changed = List.copyOf(changed);
        }

        /** Whether every file of the source now is in the snapshot as it is now. */
        public boolean complete() {
            return problem == null && snapshotId != null && missing.isEmpty() && changed.isEmpty();
        }
    }
}
