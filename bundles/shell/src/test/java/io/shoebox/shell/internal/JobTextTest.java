package io.shoebox.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobState;

class JobTextTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T03:00:00Z");

    private static JobInfo backup(String id, JobState state, JobProgress progress, String error) {
        return new JobInfo(id, new JobRequest("backup", null, "phone", "local", null, null, null, null), state,
                CREATED, CREATED.plusSeconds(1), state.isFinal() ? CREATED.plusSeconds(96) : null, progress,
                state == JobState.SUCCEEDED ? Map.of("snapshotId", "9d1c77aa") : Map.of(), error, List.of());
    }

    @Test
    void the_table_shows_one_job_per_line_with_route_state_progress_and_error() {
        JobInfo running = backup("3f2a9c1e-0d5b-4e7a-9b44-1c2d3e4f5a6b", JobState.RUNNING,
                new JobProgress(3, 24, 40, 100), null);
        JobInfo check = new JobInfo("77e01b2c-aaaa-bbbb-cccc-000000000000",
                new JobRequest("check", null, null, "usb", null, null, null, null), JobState.FAILED, CREATED,
                CREATED, CREATED.plusSeconds(5), JobProgress.NONE, Map.of(), "2 problem(s) found: pack 1f.. is damaged\nmore",
                List.of());

        String table = JobText.table(List.of(running, check), ZoneOffset.UTC);

        assertThat(table.lines()).containsExactly(
                "ID        TYPE    SOURCE -> TARGET  STATE    PROGRESS  STARTED              ERROR",
                "3f2a9c1e  backup  phone -> local    RUNNING       40%  2026-03-01 03:00:01  -",
                "77e01b2c  check   -> usb            FAILED             2026-03-01 03:00:00  2 problem(s) found: pack 1f.. is damaged");
    }

    @Test
    void a_policy_backup_and_a_restore_name_where_they_read_and_write() {
        assertThat(JobText.route(new JobRequest("backup", "nightly", null, "local", null, null, null, null)))
                .isEqualTo("policy nightly -> local");
        assertThat(JobText.route(new JobRequest("restore", null, null, "local", "9d1c", null, "/srv/restored", null)))
                .isEqualTo("local -> /srv/restored");
    }

    @Test
    void details_show_every_known_field_the_duration_and_the_result_with_readable_sizes() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("snapshotId", "9d1c77aa");
        result.put("filesNew", 24);
        result.put("bytesRead", 75_000_000L);
        result.put("parentSnapshotId", null);
        JobInfo job = new JobInfo("3f2a9c1e", new JobRequest("backup", null, "phone", "local", null, null, null, null),
                JobState.SUCCEEDED, CREATED, CREATED.plusSeconds(1), CREATED.plusSeconds(96),
                new JobProgress(24, 24, 75_000_000L, 75_000_000L), result, null, List.of("IMG_0004.JPG: permission denied"));

        assertThat(JobText.details(job, ZoneOffset.UTC)).isEqualTo("""
                Job         3f2a9c1e
                Type        backup
                Source      phone
                Target      local
                State       SUCCEEDED
                Created     2026-03-01 03:00:00
                Started     2026-03-01 03:00:01
                Finished    2026-03-01 03:01:36 (took 1 min 35 s)
                Progress    100%  24/24 files, 71.5 MiB of 71.5 MiB
                Result
                  snapshotId        9d1c77aa
                  filesNew          24
                  bytesRead         71.5 MiB
                Warnings (1)
                  IMG_0004.JPG: permission denied
                """);
    }

    @Test
    void the_ending_line_says_how_the_job_ended_after_how_long_and_why() {
        assertThat(JobText.ending(backup("a", JobState.SUCCEEDED, JobProgress.NONE, null)))
                .isEqualTo("Succeeded after 1 min 35 s");
        assertThat(JobText.ending(backup("a", JobState.FAILED, JobProgress.NONE, "target local is unavailable")))
                .isEqualTo("Failed after 1 min 35 s: target local is unavailable");
    }
}
