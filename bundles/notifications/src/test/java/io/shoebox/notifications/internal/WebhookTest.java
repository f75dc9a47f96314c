package io.shoebox.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobState;
import io.shoebox.api.policy.PolicyEvents;
import io.shoebox.notifications.internal.NoticeEvent.Occasion;

/**
 * Webhooks delivered to a real HTTP server on loopback, from the events the engine posts: what is
 * sent, when, with which body and secret, and what happens when the receiver fails or is gone.
 */
class WebhookTest {

    private static final Duration DELIVERY = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(400);
    private static final Instant NOW = Instant.parse("2026-03-01T03:04:05Z");
    private static final String SECRET = "s3cret-t0ken";

    private final Map<String, JobInfo> jobs = new HashMap<>();
    private final Notices notices = new Notices(id -> Optional.ofNullable(jobs.get(id)), "photos.example.org",
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final ObjectMapper json = new ObjectMapper();
    private final CapturedLog log = new CapturedLog();
    private WebhookReceiver receiver;
    private WebhookNotifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private WebhookNotifier notifier(URI url, Set<Occasion> occasions, int retries) {
        notifier = new WebhookNotifier(new WebhookSettings("ops", url, occasions, "Authorization", "Bearer " + SECRET,
                Duration.ofSeconds(2), retries, Duration.ofMillis(50)), notices, log.logger());
        return notifier;
    }

    private WebhookNotifier notifierOnFailureAndOverdue() throws IOException {
        receiver = new WebhookReceiver();
        return notifier(receiver.url(), EnumSet.of(Occasion.FAILURE, Occasion.OVERDUE), 3);
    }

    private Event jobEnded(String type, JobState state, String error) {
        String id = type + "-" + state + "-" + jobs.size();
        jobs.put(id, new JobInfo(id, new JobRequest(type, "nightly", "restore".equals(type) ? null : "phone", "usb",
                null, null, "restore".equals(type) ? "/srv/restored" : null, null), state, NOW.minusSeconds(60),
                NOW.minusSeconds(59), NOW, JobProgress.NONE, Map.of(), error, List.of()));
        return new Event(JobEvents.TOPIC_STATE, Map.of(JobEvents.JOB_ID, id, JobEvents.JOB_STATE, state.name(),
                JobEvents.JOB_PROGRESS, JobProgress.NONE));
    }

    @Test
    void a_failed_backup_is_posted_as_json_with_the_job_its_error_and_the_server_and_a_bearer_secret() throws Exception {
        notifierOnFailureAndOverdue().handleEvent(jobEnded("backup", JobState.FAILED, "target usb is unavailable: not mounted"));

        WebhookReceiver.Received request = receiver.next(DELIVERY);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + SECRET);
        JsonNode body = json.readTree(request.body());
        assertThat(body.path("event").asText()).isEqualTo("job.failed");
        assertThat(body.path("jobId").asText()).isEqualTo("backup-FAILED-0");
        assertThat(body.path("type").asText()).isEqualTo("backup");
        assertThat(body.path("policy").asText()).isEqualTo("nightly");
        assertThat(body.path("source").asText()).isEqualTo("phone");
        assertThat(body.path("target").asText()).isEqualTo("usb");
        assertThat(body.path("state").asText()).isEqualTo("FAILED");
        assertThat(body.path("error").asText()).isEqualTo("target usb is unavailable: not mounted");
        assertThat(body.path("time").asText()).isEqualTo("2026-03-01T03:04:05Z");
        assertThat(body.path("host").asText()).isEqualTo("photos.example.org");
        assertThat(body.path("text").asText()).isEqualTo("Shoebox on photos.example.org: backup job backup-FAILED-0"
                + " of phone to usb (policy nightly) failed: target usb is unavailable: not mounted");
        assertThat(receiver.nextOrNull(QUIET)).as("one POST per failure").isNull();
    }

    @Test
    void a_success_is_posted_only_when_the_webhook_asks_for_successes() throws Exception {
        notifierOnFailureAndOverdue();
        notifier.handleEvent(jobEnded("backup", JobState.SUCCEEDED, null));
        notifier.handleEvent(jobEnded("check", JobState.FAILED, "1 problem(s) found"));

        // One delivery thread, in order: had the success been sent, it would arrive first.
        assertThat(json.readTree(receiver.next(DELIVERY).body()).path("event").asText()).isEqualTo("job.failed");
        assertThat(receiver.nextOrNull(QUIET)).isNull();
        notifier.close();

        notifier(receiver.url(), EnumSet.of(Occasion.FAILURE, Occasion.SUCCESS), 0)
                .handleEvent(jobEnded("backup", JobState.SUCCEEDED, null));
        JsonNode success = json.readTree(receiver.next(DELIVERY).body());
        assertThat(success.path("event").asText()).isEqualTo("job.succeeded");
        assertThat(success.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(success.path("error").isNull()).as("error present, as null").isTrue();
    }

    @Test
    void restores_cancellations_progress_and_running_jobs_are_not_news() throws Exception {
        notifierOnFailureAndOverdue();
        notifier.handleEvent(jobEnded("restore", JobState.FAILED, "disk full"));
        notifier.handleEvent(jobEnded("backup", JobState.CANCELLED, null));
        notifier.handleEvent(jobEnded("backup", JobState.RUNNING, null));
        notifier.handleEvent(new Event(JobEvents.TOPIC_PROGRESS, Map.of(JobEvents.JOB_ID, "x", JobEvents.JOB_STATE, "FAILED")));

        assertThat(receiver.nextOrNull(QUIET)).isNull();
    }

    @Test
    void an_overdue_policy_is_posted_with_its_targets() throws Exception {
        notifierOnFailureAndOverdue().handleEvent(new Event(PolicyEvents.TOPIC_OVERDUE, Map.of(PolicyEvents.POLICY, "nightly",
                PolicyEvents.TARGETS, new String[] {"usb", "cloud"})));

        JsonNode body = json.readTree(receiver.next(DELIVERY).body());
        assertThat(body.path("event").asText()).isEqualTo("policy.overdue");
        assertThat(body.path("policy").asText()).isEqualTo("nightly");
        assertThat(body.path("targets")).extracting(JsonNode::asText).containsExactly("usb", "cloud");
        assertThat(body.path("jobId").isNull()).isTrue();
    }

    @Test
    void a_failed_policy_run_is_posted_and_a_succeeded_one_is_not_by_default() throws Exception {
        notifierOnFailureAndOverdue();
        notifier.handleEvent(new Event(PolicyEvents.TOPIC_RUN_FINISHED, Map.of(PolicyEvents.POLICY, "nightly",
                PolicyEvents.OUTCOME, "SUCCEEDED", PolicyEvents.JOBS, new String[] {"j1"})));
        notifier.handleEvent(new Event(PolicyEvents.TOPIC_RUN_FINISHED, Map.of(PolicyEvents.POLICY, "nightly",
                PolicyEvents.OUTCOME, "FAILED", PolicyEvents.ERROR, "backup to cloud failed",
                PolicyEvents.JOBS, new String[] {"j2", "j3"})));

        JsonNode body = json.readTree(receiver.next(DELIVERY).body());
        assertThat(body.path("event").asText()).isEqualTo("policy.failed");
        assertThat(body.path("state").asText()).isEqualTo("FAILED");
        assertThat(body.path("error").asText()).isEqualTo("backup to cloud failed");
        assertThat(body.path("jobs")).extracting(JsonNode::asText).containsExactly("j2", "j3");
        assertThat(receiver.nextOrNull(QUIET)).isNull();
    }

    @Test
    void a_receiver_that_fails_twice_then_accepts_gets_the_notice_once() throws Exception {
        receiver = new WebhookReceiver(500, 503);
        notifier(receiver.url(), EnumSet.of(Occasion.FAILURE), 3)
                .handleEvent(jobEnded("prune", JobState.FAILED, "lock held by another server"));

        WebhookReceiver.Received first = receiver.next(DELIVERY);
        WebhookReceiver.Received second = receiver.next(DELIVERY);
        WebhookReceiver.Received third = receiver.next(DELIVERY);
        assertThat(List.of(first.answeredWith(), second.answeredWith(), third.answeredWith())).containsExactly(500, 503, 200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(receiver.nextOrNull(QUIET)).as("delivered once, then no more").isNull();
    }

    @Test
    void a_refusal_other_than_a_passing_one_is_not_retried() throws Exception {
        receiver = new WebhookReceiver(401);
        notifier(receiver.url(), EnumSet.of(Occasion.FAILURE), 3)
                .handleEvent(jobEnded("backup", JobState.FAILED, "boom"));

        assertThat(receiver.next(DELIVERY).answeredWith()).isEqualTo(401);
        assertThat(receiver.nextOrNull(QUIET)).isNull();
        assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains("refused job.failed", "HTTP 401"));
    }

    @Test
    void a_receiver_that_never_answers_does_not_hold_up_event_admin() throws Exception {
        // Accepts connections (the kernel does, into the backlog) and never answers a byte.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Duration timeout = Duration.ofSeconds(10);
            notifier = new WebhookNotifier(new WebhookSettings("ops", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hooks/x"),
                    EnumSet.of(Occasion.FAILURE), null, null, timeout, 0, Duration.ZERO), notices, log.logger());

            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                notifier.handleEvent(jobEnded("backup", JobState.FAILED, "boom " + i));
            }

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("handing 20 events over").isLessThan(timeout);
            assertThat(log.warnings()).as("the first delivery is still waiting for its answer").isEmpty();
        }
    }

    @Test
    void an_unreachable_receiver_is_given_up_after_the_retries_with_a_log_line_without_secrets() throws Exception {
        URI unreachable;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unreachable = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hooks/T0KEN-IN-PATH");
        }
        notifier(unreachable, EnumSet.of(Occasion.FAILURE), 2).handleEvent(jobEnded("backup", JobState.FAILED, "boom"));

        long deadline = System.currentTimeMillis() + DELIVERY.toMillis();
        while (log.warnings().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log.warnings()).singleElement().asString()
                .contains("webhook 'ops' to http://127.0.0.1:" + unreachable.getPort(), "gave up on job.failed",
                        "job backup-FAILED-0", "after 3 attempts", "ConnectException")
                .doesNotContain(SECRET, "T0KEN-IN-PATH");
    }

    @Test
    void a_full_queue_drops_further_notices_with_a_warning_instead_of_growing() throws Exception {
        // A receiver that takes its time: the first delivery occupies the thread while the queue fills.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WebhookNotifier slow = notifier(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hooks/x"),
                    EnumSet.of(Occasion.FAILURE), 0);
            for (int i = 0; i < WebhookSender.QUEUE_CAPACITY + 5; i++) {
                slow.handleEvent(jobEnded("backup", JobState.FAILED, "boom"));
            }
            assertThat(log.warnings()).anySatisfy(line -> assertThat(line).contains("dropped job.failed"));
        }
    }

    @Test
    void a_secret_goes_in_the_named_header_as_it_is_and_no_secret_sends_no_header() throws Exception {
        receiver = new WebhookReceiver();
        WebhookSettings custom = WebhookSettings.of("ops", config(receiver.url().toString(), SECRET, "X-Shoebox-Token"));
        notifier = new WebhookNotifier(custom, notices, log.logger());
        notifier.handleEvent(jobEnded("backup", JobState.FAILED, "boom"));
        WebhookReceiver.Received request = receiver.next(DELIVERY);
        assertThat(request.header("X-Shoebox-Token")).isEqualTo(SECRET);
        assertThat(request.header("Authorization")).isNull();
        notifier.close();

        WebhookSettings noSecret = WebhookSettings.of("ops", config(receiver.url().toString(), "", "Authorization"));
        notifier = new WebhookNotifier(noSecret, notices, log.logger());
        notifier.handleEvent(jobEnded("backup", JobState.FAILED, "boom"));
        assertThat(receiver.next(DELIVERY).header("Authorization")).isNull();
    }

    /** A configuration as Config Admin would give it: the defaults but for URL, secret and its header. */
    private static WebhookConfig config(String url, String secret, String header) {
        return new WebhookConfig() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return WebhookConfig.class; }
            @Override public String url() { return url; }
            @Override public boolean onFailure() { return true; }
            @Override public boolean onSuccess() { return false; }
            @Override public boolean onOverdue() { return true; }
            @Override public String secret() { return secret; }
            @Override public String secretHeader() { return header; }
            @Override public int timeoutSeconds() { return 2; }
            @Override public int retries() { return 0; }
        };
    }
}
