package io.shoebox.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot: the state of one source at one time.
 *
 * @param time when the backup started
 * @param hostname the server that made it
 * @param source name of the source
 * @param sourcePath where the source was read from (for people; restores are relative to it)
 * @param tree id of the root directory's tree blob
 * @param parent id of the snapshot this one was compared against, or {@code null}
 * @param checkpoint whether this is an intermediate snapshot of a backup still under way
 * @param tags free labels (for example the policy that made it)
 * @param stats figures of the backup that made it: files, bytes, new data
 * @param copyOf the snapshot of another repository this one is a copy of, or {@code null} for a
 *     snapshot made by a backup
 * @param repaired the damaged snapshot this one replaces, without the files whose data was lost, or
 *     {@code null}
 */
public record Snapshot(
        Instant time,
        String hostname,
        String source,
        String sourcePath,
        BlobId tree,
        String parent,
        boolean checkpoint,
        List<String> tags,
        Map<String, Long> stats,
        CopyOf copyOf,
        Repaired repaired) {

    public Snapshot {
        tags = tags == null ? List.of() : List.copyOf(tags);
        stats = stats == null ? Map.of() : Map.copyOf(stats);
    }

    /** A snapshot made by a backup or a copy, not by a repair. */
    public Snapshot(Instant time, String hostname, String source, String sourcePath, BlobId tree, String parent,
            boolean checkpoint, List<String> tags, Map<String, Long> stats, CopyOf copyOf) {
        this(time, hostname, source, sourcePath, tree, parent, checkpoint, tags, stats, copyOf, null);
    }

    /** A snapshot made by a backup, not copied from another repository. */
    public Snapshot(Instant time, String hostname, String source, String sourcePath, BlobId tree, String parent,
            boolean checkpoint, List<String> tags, Map<String, Long> stats) {
        this(time, hostname, source, sourcePath, tree, parent, checkpoint, tags, stats, null);
    }

    /**
     * Where a copied snapshot comes from.
     *
     * @param repository id of the repository that holds the original
     * @param snapshot id of the original snapshot there
     */
    public record CopyOf(String repository, String snapshot) {
    }

    /**
     * What a repair changed: the snapshot it replaced and how many files it had to leave out.
     *
     * @param snapshot id of the damaged snapshot this one replaces
     * @param time when the repair ran
     * @param filesLost files left out because their data could not be read
     */
    public record Repaired(String snapshot, Instant time, long filesLost) {
    }
}
