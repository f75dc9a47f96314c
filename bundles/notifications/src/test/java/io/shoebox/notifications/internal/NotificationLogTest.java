package io.shoebox.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobState;
import io.shoebox.api.policy.PolicyEvents;

/** Without any webhook, failures and overdue policies are warnings in the server's log. */
class NotificationLogTest {

    private static final Instant NOW = Instant.parse("2026-03-01T03:04:05Z");

    private final JobInfo failedRestore = new JobInfo("5e1f0a2b-1111", new JobRequest("restore", null, null, "usb",
            "9d1c", null, "/srv/restored", null), JobState.FAILED, NOW, NOW, NOW, JobProgress.NONE, Map.of(),
            "no space left on device", List.of());
    private final JobInfo succeededBackup = new JobInfo("77aa", new JobRequest("backup", null, "phone", "usb", null, null,
            null, null), JobState.SUCCEEDED, NOW, NOW, NOW, JobProgress.NONE, Map.of(), null, List.of());
    private final CapturedLog captured = new CapturedLog();
    private final NotificationLog log = new NotificationLog(new Notices(
            id -> Optional.ofNullable(Map.of(failedRestore.id(), failedRestore, succeededBackup.id(), succeededBackup).get(id)),
            "photos.example.org", Clock.fixed(NOW, ZoneOffset.UTC)), captured.logger());

    private static Event ended(JobInfo job) {
        return new Event(JobEvents.TOPIC_STATE, Map.of(JobEvents.JOB_ID, job.id(), JobEvents.JOB_STATE, job.state().name()));
    }

    @Test
    void every_failed_job_is_a_warning_with_its_id_and_error_and_a_success_is_not() {
        log.handleEvent(ended(succeededBackup));
        log.handleEvent(ended(failedRestore));

        assertThat(captured.lines()).containsExactly(
                "WARN restore job 5e1f0a2b-1111 to usb failed: no space left on device");
    }

    @Test
    void a_failed_job_the_server_has_forgotten_is_still_logged_by_its_id() {
        log.handleEvent(new Event(JobEvents.TOPIC_STATE, Map.of(JobEvents.JOB_ID, "gone-42", JobEvents.JOB_STATE, "FAILED")));

        assertThat(captured.lines()).containsExactly("WARN job gone-42 failed");
    }

    @Test
    void overdue_and_invalid_policies_are_warnings() {
        log.handleEvent(new Event(PolicyEvents.TOPIC_OVERDUE, Map.of(PolicyEvents.POLICY, "nightly")));
        log.handleEvent(new Event(PolicyEvents.TOPIC_INVALID, Map.of(PolicyEvents.POLICY, "weekly",
                PolicyEvents.ERROR, "schedule: not a cron expression")));

        assertThat(captured.lines()).containsExactly(
                "WARN policy nightly is overdue: no successful run when one was due",
                "WARN policy weekly is invalid and will not run: schedule: not a cron expression");
    }
}
