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
        CopyOf copyOf) {

    public Snapshot {
        tags = tags == null ? List.of() : List.copyOf(tags);
        stats = stats == null ? Map.of() : Map.copyOf(stats);
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
}
