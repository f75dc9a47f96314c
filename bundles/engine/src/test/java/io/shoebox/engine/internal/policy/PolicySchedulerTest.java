package io.shoebox.engine.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import io.shoebox.api.policy.PolicyEvents;
import io.shoebox.api.snapshot.SnapshotService;

class PolicySchedulerTest {

    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);
    private static final TargetAvailability AVAILABLE_TARGETS = (target, timeout) -> Optional.of(new TargetInfo(target,
            "local", Map.of(), TargetStatus.AVAILABLE, null, Set.of()));
    private static final SnapshotService NO_SNAPSHOTS = (SnapshotService) Proxy.newProxyInstance(
            SnapshotService.class.getClassLoader(), new Class<?>[] {SnapshotService.class},
            (proxy, method, arguments) -> method.getName().equals("list") ? List.of() : null);

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path home;

    private final List<PolicyDefinition> definitions = new CopyOnWriteArrayList<>();
    private final Jobs jobs = new Jobs();
    private final List<String> topics = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Map<String, Object>> finishedRuns = new LinkedBlockingQueue<>();
    private final List<PolicyScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        jobs.hold = false;
        jobs.finishAll(JobState.CANCELLED);
        for (PolicyScheduler scheduler : schedulers) {
            scheduler.stop();
        }
    }

    @Test
    void a_schedule_time_that_has_come_starts_a_run_that_backs_up_each_source_on_each_target() throws Exception {
        PolicyDefinition nightly = policy("nightly", Map.of("targets", List.of("nas", "usb"), "schedule", "0 3 * * *"));
        PolicyScheduler scheduler = scheduler(START);

        scheduler.tick(START);
        assertThat(jobs.submitted).isEmpty();
        scheduler.tick(Instant.parse("2026-03-02T03:00:01Z"));

        assertThat(awaitRunFinished()).containsEntry(PolicyEvents.POLICY, "nightly")
                .containsEntry(PolicyEvents.OUTCOME, "SUCCEEDED");
        assertThat(jobs.submitted).extracting(JobRequest::type, JobRequest::policy, JobRequest::source, JobRequest::target)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("backup", "nightly", "photos", "nas"),
                        org.assertj.core.groups.Tuple.tuple("backup", "nightly", "photos", "usb"));
        assertThat(scheduler.describe(nightly)).satisfies(info -> {
            assertThat(info.lastOutcome()).isEqualTo("SUCCEEDED");
            assertThat(info.nextRun()).isEqualTo(Instant.parse("2026-03-03T03:00:00Z"));
        });
    }

    @Test
    void nothing_runs_before_the_schedule_time() {
        PolicyDefinition nightly = policy("nightly", Map.of("schedule", "0 3 * * *"));
        PolicyScheduler scheduler = scheduler(START);

        scheduler.tick(START);
        scheduler.tick(Instant.parse("2026-03-02T02:59:59Z"));

        assertThat(scheduler.describe(nightly).running()).isFalse();
        assertThat(jobs.submitted).isEmpty();
    }

    @Test
    void a_policy_never_runs_twice_at_once() throws Exception {
        PolicyDefinition hourly = policy("hourly", Map.of("schedule", "0 * * * *"));
        PolicyScheduler scheduler = scheduler(START);
        jobs.hold = true;

        scheduler.tick(START);
        scheduler.tick(Instant.parse("2026-03-01T13:00:01Z"));
        jobs.awaitSubmitted(1);
        scheduler.tick(Instant.parse("2026-03-01T14:00:01Z")); // the 13:00 run is still going

        assertThat(scheduler.describe(hourly).running()).isTrue();
        jobs.finishAll(JobState.SUCCEEDED);
        awaitRunFinished();
        assertThat(jobs.submitted).hasSize(1);
        assertThat(finishedRuns.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void a_run_missed_while_the_server_was_down_is_made_up_at_start_only_when_the_policy_catches_up() throws Exception {
        policy("catching", Map.of("schedule", "0 3 * * *"));
        policy("strict", Map.of("schedule", "0 3 * * *", "catchUp", false));
        scheduler(START).tick(START);

        Instant restart = Instant.parse("2026-03-04T10:00:00Z");
        scheduler(restart).tick(restart);

        assertThat(awaitRunFinished()).containsEntry(PolicyEvents.POLICY, "catching");
        assertThat(jobs.submitted).extracting(JobRequest::policy).containsExactly("catching");
    }

    @Test
    void run_now_returns_the_jobs_of_the_run_as_soon_as_it_submitted_them() {
        PolicyDefinition nightly = policy("nightly", Map.of("schedule", "0 3 * * *"));
        PolicyScheduler scheduler = scheduler(START);
        jobs.hold = true;

        long start = System.nanoTime();
        List<JobInfo> first = scheduler.runNow(nightly);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4)); // the wait allows 5 s
        assertThat(first).extracting(job -> job.request().type(), job -> job.request().target())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("backup", "nas"));
        assertThatThrownBy(() -> scheduler.runNow(nightly)).hasMessageContaining("already running");
    }

    @Test
    void an_overdue_policy_is_reported_once() throws Exception {
        policy("hourly", Map.of("schedule", "0 * * * *", "overdueAfterMinutes", 1, "retryAttempts", 0));
        PolicyScheduler scheduler = scheduler(START);
        jobs.outcome = JobState.FAILED;

        scheduler.tick(Instant.parse("2026-03-01T12:30:00Z"));
        scheduler.tick(Instant.parse("2026-03-01T14:00:30Z")); // the 13:00 run has not succeeded a minute after its time
        scheduler.tick(Instant.parse("2026-03-01T14:00:40Z"));

        assertThat(topics).filteredOn(PolicyEvents.TOPIC_OVERDUE::equals).hasSize(1);
    }

    @Test
    void an_invalid_policy_is_reported_once_and_again_after_it_changed() {
        policy("broken", Map.of("targets", List.of("cloud")));
        PolicyScheduler scheduler = scheduler(START);

        scheduler.tick(START);
        scheduler.tick(START.plusSeconds(1));
        assertThat(topics).containsExactly(PolicyEvents.TOPIC_INVALID);

        scheduler.changed("broken");
        scheduler.tick(START.plusSeconds(2));
        assertThat(topics).containsExactly(PolicyEvents.TOPIC_INVALID, PolicyEvents.TOPIC_INVALID);
        assertThat(jobs.submitted).isEmpty();
    }

    @Test
    void a_removed_policy_is_forgotten() throws Exception {
        policy("nightly", Map.of("schedule", "0 3 * * *"));
        PolicyScheduler scheduler = scheduler(START);
        scheduler.tick(START);
        Path state = home.resolve(PolicyScheduler.STATE_FOLDER).resolve("nightly.properties");
        assertThat(state).exists();

        scheduler.forget("nightly");

        assertThat(Files.exists(state)).isFalse();
    }

    private PolicyDefinition policy(String name, Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("sources", new String[] {"photos"});
        properties.put("targets", new String[] {"nas"});
        properties.put("timeZone", "UTC");
        settings.forEach((key, value) -> properties.put(key, value instanceof List<?> list ? list.toArray(String[]::new)
                : value));
        properties.put("service.pid", "shoebox.policy~" + name);
        PolicyDefinition definition = new PolicyDefinition(properties);
        definitions.add(definition);
        return definition;
    }

    private PolicyScheduler scheduler(Instant activatedAt) {
        PolicyScheduler scheduler = new PolicyScheduler(() -> List.copyOf(definitions), new FixedWorld(), jobs,
                AVAILABLE_TARGETS, NO_SNAPSHOTS, SILENT, (topic, properties) -> {
                    topics.add(topic);
                    if (topic.equals(PolicyEvents.TOPIC_RUN_FINISHED)) {
                        finishedRuns.add(properties);
                    }
                }, home, activatedAt);
        schedulers.add(scheduler);
        return scheduler;
    }

    private Map<String, Object> awaitRunFinished() throws InterruptedException {
        Map<String, Object> finished = finishedRuns.poll(10, TimeUnit.SECONDS);
        assertThat(finished).as("a run finished").isNotNull();
        return finished;
    }

    /** Jobs that end at once with {@link #outcome}, or, while {@link #hold} is set, run until finished by the test. */
    private static final class Jobs implements JobService {
        final List<JobRequest> submitted = new CopyOnWriteArrayList<>();
        final Map<String, JobInfo> byId = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<JobInfo>> ends = new ConcurrentHashMap<>();
        volatile boolean hold;
        volatile JobState outcome = JobState.SUCCEEDED;

        @Override
        public JobInfo submit(JobRequest request) {
            submitted.add(request);
            String id = UUID.randomUUID().toString();
            JobState state = hold ? JobState.RUNNING : outcome;
            JobInfo job = new JobInfo(id, request, state, Instant.now(), Instant.now(), state.isFinal() ? Instant.now() : null,
                    null, Map.of(), state == JobState.FAILED ? "it failed" : null, List.of());
            byId.put(id, job);
            CompletableFuture<JobInfo> end = ends.computeIfAbsent(id, key -> new CompletableFuture<>());
            if (state.isFinal()) {
                end.complete(job);
            }
            return job;
        }

        @Override
        public CompletableFuture<JobInfo> ended(String id) {
            return ends.computeIfAbsent(id, key -> new CompletableFuture<>());
        }

        void finishAll(JobState state) {
            byId.replaceAll((id, job) -> job.state().isFinal() ? job : new JobInfo(id, job.request(), state, job.createdAt(),
                    job.startedAt(), Instant.now(), null, Map.of(), null, List.of()));
            byId.forEach((id, job) -> ended(id).complete(job));
        }

        void awaitSubmitted(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (submitted.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(submitted).hasSize(count);
        }

        @Override
        public Optional<JobInfo> get(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<JobInfo> list(String policy, JobState state) {
            List<JobInfo> found = new ArrayList<>();
            for (JobInfo job : byId.values()) {
                if ((policy == null || policy.equals(job.request().policy())) && (state == null || state == job.state())) {
                    found.add(job);
                }
            }
            return Collections.unmodifiableList(found);
        }

        @Override
        public boolean cancel(String id) {
            return false;
        }
    }
}
