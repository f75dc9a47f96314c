package io.shoebox.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a job's state.
 *
 * @param id job id
 * @param request what was asked
 * @param state where it is
 * @param createdAt when it was submitted
 * @param startedAt when it started running, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 * @param progress how far it has got
 * @param result figures of the finished job (for a backup: {@code snapshotId}, {@code filesNew},
 *     ...)
 * @param error why it failed, or {@code null}
 * @param warnings problems that did not stop it (a file that could not be read)
 */
public record JobInfo(
        String id,
        JobRequest request,
        JobState state,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        JobProgress progress,
        Map<String, Object> result,
        String error,
        List<String> warnings) {
}
