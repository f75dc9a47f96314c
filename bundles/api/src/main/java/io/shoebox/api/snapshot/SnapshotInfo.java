package io.shoebox.api.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One snapshot on a target.
 *
 * @param id its id
 * @param time when its backup started
 * @param source the source it was taken of
 * @param parent the snapshot it was compared against, or {@code null}
 * @param checkpoint whether it is an intermediate snapshot of a backup that was still running
 * @param tags labels
 * @param stats figures of the backup that made it (files, bytes, new data)
 */
public record SnapshotInfo(String id, Instant time, String source, String parent, boolean checkpoint,
        List<String> tags, Map<String, Long> stats) {
}
