package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobState;
import io.shoebox.api.snapshot.SnapshotEvents;

class JobManagerTest {

    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    @TempDir
    Path home;

    private JobManager manager;
    /** What the jobs did, in order: "start a1", "end a1", ... */
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    /** Jobs that wait, once started, until the test opens their gate. */
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    /** The events the manager posted. */
    private final List<Event> posted = Collections.synchronizedList(new ArrayList<>());

    /** A job named by its request's source, on the request's target, that writes down when it starts and ends. */
    private final JobType steppingJobs = new SteppingJobs(false);

    /** Stepping jobs of a type that writes snapshots, as a backup does. */
    private final JobType snapshotWritingJobs = new SteppingJobs(true);

    private final class SteppingJobs implements JobType {

        private final boolean changesSnapshots;

        SteppingJobs(boolean changesSnapshots) {
            this.changesSnapshots = changesSnapshots;
        }

        @Override
        public boolean changesSnapshots() {
            return changesSnapshots;
        }

        @Override
        public JobRunner prepare(JobRequest request) {
            String name = request.source();
            return context -> {
                steps.add("start " + name);
                CountDownLatch gate = gates.get(name);
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate of " + name);
                }
                if (name.startsWith("failing")) {
                    steps.add("fail " + name);
                    throw new IllegalStateException(name + " failed");
                }
                steps.add("end " + name);
                return JobContext.Outcome.succeeded(Map.of());
            };
        }

        @Override
        public String exclusiveTarget(JobRequest request) {
            return request.target();
        }
    }

    @BeforeEach
    void start() {
        manager = new JobManager(SILENT, config(2), context(home));
        manager.addJobType(steppingJobs, Map.of(JobType.TYPE_PROPERTY, "step"));
        manager.addJobType(snapshotWritingJobs, Map.of(JobType.TYPE_PROPERTY, "write"));
        manager.events = recordingEvents();
    }

    @AfterEach
    void stop() throws InterruptedException {
        gates.values().forEach(CountDownLatch::countDown);
        manager.deactivate();
    }

    @Test
    void the_jobs_of_one_target_run_one_after_the_other_in_the_order_they_were_submitted() throws Exception {
        gates.put("a1", new CountDownLatch(1));
        String a1 = submit("a1", "nas");
        String a2 = submit("a2", "nas");
        String a3 = submit("a3", "nas");
        String b1 = submit("b1", "usb"); // runs meanwhile, on the pool's second thread
        awaitFinal(b1);
        awaitStep("start a1");

        assertThat(state(a1)).isEqualTo(JobState.RUNNING);
        assertThat(state(a2)).isEqualTo(JobState.QUEUED);
        assertThat(state(a3)).isEqualTo(JobState.QUEUED);
        gates.get("a1").countDown();
        awaitFinal(a3);

        assertThat(stepsOf("a")).containsExactly("start a1", "end a1", "start a2", "end a2", "start a3", "end a3");
        assertThat(List.of(state(a1), state(a2), state(a3))).containsOnly(JobState.SUCCEEDED);
    }

    @Test
    void a_job_of_another_target_runs_while_a_target_is_busy_with_jobs_waiting_for_it() throws Exception {
        gates.put("a1", new CountDownLatch(1));
        String a1 = submit("a1", "nas");
        submit("a2", "nas");
        submit("a3", "nas");
        String b1 = submit("b1", "usb");

        awaitFinal(b1);
        awaitStep("start a1");

        assertThat(state(b1)).isEqualTo(JobState.SUCCEEDED);
        assertThat(state(a1)).isEqualTo(JobState.RUNNING);
        assertThat(steps).containsExactlyInAnyOrder("start a1", "start b1", "end b1");
    }

    @Test
    void a_job_cancelled_while_it_waits_for_its_target_never_starts_and_does_not_hold_up_the_next() throws Exception {
        gates.put("a1", new CountDownLatch(1));
        String a1 = submit("a1", "nas");
        String a2 = submit("a2", "nas");
        String a3 = submit("a3", "nas");

        assertThat(manager.cancel(a2)).isTrue();
        assertThat(state(a2)).isEqualTo(JobState.CANCELLED);
        gates.get("a1").countDown();
        awaitFinal(a3);

        assertThat(steps).containsExactly("start a1", "end a1", "start a3", "end a3");
        assertThat(manager.get(a2).orElseThrow().error()).isEqualTo("cancelled before it started");
        assertThat(state(a1)).isEqualTo(JobState.SUCCEEDED);
        assertThat(state(a3)).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void a_failed_job_lets_the_next_job_of_its_target_run() throws Exception {
        String failing = submit("failing", "nas");
        String next = submit("a2", "nas");

        awaitFinal(next);

        assertThat(state(failing)).isEqualTo(JobState.FAILED);
        assertThat(state(next)).isEqualTo(JobState.SUCCEEDED);
        assertThat(steps).containsExactly("start failing", "fail failing", "start a2", "end a2");
    }

    @Test
    void jobs_without_a_target_are_not_queued_behind_each_other() throws Exception {
        gates.put("x1", new CountDownLatch(1));
        String x1 = submit("x1", null);
        String x2 = submit("x2", null);

        awaitFinal(x2);
        awaitStep("start x1");

        assertThat(state(x1)).isEqualTo(JobState.RUNNING);
        assertThat(state(x2)).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void whoever_waits_for_a_job_learns_its_final_state_the_moment_it_ends() throws Exception {
        gates.put("a1", new CountDownLatch(1));
        String a1 = submit("a1", "nas");
        String a2 = submit("a2", "nas");
        CompletableFuture<JobInfo> first = manager.ended(a1);
        CompletableFuture<JobInfo> second = manager.ended(a2);

        assertThat(manager.cancel(a2)).isTrue();
        assertThat(second.get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.CANCELLED);
        assertThat(first).isNotDone();
        gates.get("a1").countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(manager.ended(a1)).isCompletedWithValueMatching(job -> job.state() == JobState.SUCCEEDED,
                "a job that has ended answers at once");
    }

    @Test
    void a_job_that_may_change_snapshots_tells_readers_of_its_target_when_it_ends_even_if_it_failed() throws Exception {
        String written = submit("write", "w1", "nas");
        String failed = submit("write", "failing", "usb");
        String read = submit("step", "r1", "nas");
        manager.ended(written).get(10, TimeUnit.SECONDS);
        manager.ended(failed).get(10, TimeUnit.SECONDS);
        manager.ended(read).get(10, TimeUnit.SECONDS);

        List<Event> changes = posted.stream().filter(event -> event.getTopic().equals(SnapshotEvents.TOPIC_CHANGED))
                .toList();
        assertThat(changes).extracting(event -> event.getProperty(SnapshotEvents.TARGET) + " by "
                + event.getProperty(SnapshotEvents.JOB_ID)).containsExactlyInAnyOrder("nas by " + written,
                        "usb by " + failed);
    }

    private String submit(String name, String target) {
        return submit("step", name, target);
    }

    private String submit(String type, String name, String target) {
        return manager.submit(new JobRequest(type, null, name, target, null, null, null, Map.of())).id();
    }

    private EventAdmin recordingEvents() {
        return (EventAdmin) Proxy.newProxyInstance(EventAdmin.class.getClassLoader(), new Class<?>[] {EventAdmin.class},
                (proxy, method, arguments) -> {
                    if (method.getName().endsWith("Event")) {
                        posted.add((Event) arguments[0]);
                    }
                    return null;
                });
    }

    private JobState state(String id) {
        return manager.get(id).orElseThrow().state();
    }

    private List<String> stepsOf(String prefix) {
        synchronized (steps) {
            return steps.stream().filter(step -> step.split(" ")[1].startsWith(prefix)).toList();
        }
    }

    /** Until a job did that step: it runs on a thread of the manager's pool. */
    private void awaitStep(String step) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!steps.contains(step) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(steps).contains(step);
    }

    /** Until the job ended: the manager finishes a job on its own thread, after the runner returned. */
    private JobInfo awaitFinal(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!manager.get(id).orElseThrow().state().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        JobInfo job = manager.get(id).orElseThrow();
        assertThat(job.state().isFinal()).as("job %s ended", job.request().source()).isTrue();
        return job;
    }

    private static JobManagerConfig config(int maxConcurrentJobs) {
        return new JobManagerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JobManagerConfig.class;
            }

            @Override
            public int maxConcurrentJobs() {
                return maxConcurrentJobs;
            }

            @Override
            public int historySize() {
                return 500;
            }
        };
    }

    private static BundleContext context(Path home) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, arguments) -> method.getName().equals("getProperty") && "shoebox.home".equals(arguments[0])
                        ? home.toString() : null);
    }
}
