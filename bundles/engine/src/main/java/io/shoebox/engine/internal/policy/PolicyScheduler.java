package io.shoebox.engine.internal.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.PromiseFactory;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyEvents;
import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.engine.internal.concurrent.Waits;

/**
 * The schedules of the policies. Every second, once {@link #start started}, it looks at each valid
 * policy: a schedule time that has come starts a {@link PolicyRun}, unless the policy's previous run
 * is still going (a policy never runs twice at once, so never twice on one target). A run that a
 * stop interrupted is finished at the next start; a schedule time missed while the server was down
 * is run once at start when the policy asks for it; a run that has not succeeded long after its
 * time is reported overdue. What it must remember lives in {@code SHOEBOX_HOME/state/policies}.
 */
final class PolicyScheduler {

    static final String STATE_FOLDER = "state/policies";
    /** How long {@link #runNow} waits for the run to submit its first jobs, so the caller can follow them. */
    static final long FIRST_JOBS_TIMEOUT_MILLIS = 5000;

    private final Supplier<Collection<PolicyDefinition>> definitions;
    private final PolicySettings.World world;
    private final JobService jobs;
    private final TargetAvailability targets;
    private final SnapshotService snapshots;
    private final Logger log;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Path stateFolder;
    private final Instant activatedAt;

    private final Map<String, PolicyState> states = new ConcurrentHashMap<>();
    private final Map<String, List<String>> reportedProblems = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());

    private final ScheduledExecutorService ticker = Threads.scheduler("scheduler", 1);
    private final ExecutorService runners = Threads.elastic("policy-run");

    /**
     * @param definitions the policies as they are now
     * @param events posts an event on a topic
     * @param activatedAt when the server started: schedule times before it were missed while it was down
     */
    PolicyScheduler(Supplier<Collection<PolicyDefinition>> definitions, PolicySettings.World world, JobService jobs,
            TargetAvailability targets, SnapshotService snapshots, Logger log, BiConsumer<String, Map<String, Object>> events,
            Path home, Instant activatedAt) {
        this.definitions = definitions;
        this.world = world;
        this.jobs = jobs;
        this.targets = targets;
        this.snapshots = snapshots;
        this.log = log;
        this.events = events;
        this.stateFolder = home.resolve(STATE_FOLDER);
        this.activatedAt = activatedAt;
    }

    /** Starts looking at the schedules every second. */
    void start() {
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the ticking and interrupts the runs under way; they are finished at the next start. */
    void stop() throws InterruptedException {
        ticker.shutdownNow();
        runners.shutdownNow();
        runners.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A definition that arrived or changed: its problems, if any, are worth reporting anew. */
    void changed(String name) {
        reportedProblems.remove(name);
    }

    /** Forgets what the scheduler remembered of a removed policy. */
    void forget(String name) throws IOException {
        state(name).delete();
        states.remove(name);
    }

    /** The policy as the API shows it: its settings, whether it runs, how it last ran, when it runs next. */
    PolicyInfo describe(PolicyDefinition definition) {
        PolicySettings settings = PolicySettings.read(definition.name(), definition.properties(), world);
        PolicyState state = state(definition.name());
        Instant next = null;
        if (settings.valid() && settings.enabled() && settings.schedule() != null) {
            Instant after = state.lastFire != null ? state.lastFire : Instant.now();
            next = settings.schedule().nextAfter(after.atZone(settings.zone())).map(ZonedDateTime::toInstant).orElse(null);
        }
        return new PolicyInfo(definition.name(), settings.raw(), settings.valid(), settings.problems(),
                running.contains(definition.name()), state.lastRun, state.lastOutcome, state.lastSuccess, next,
                overdueSince(settings, state, Instant.now()) != null);
    }

    /**
     * Starts a run now, outside the schedule, and returns the jobs it submitted first: as soon as it
     * submitted them (or ended without any), at most {@value #FIRST_JOBS_TIMEOUT_MILLIS} ms later.
     *
     * @throws IllegalStateException when the policy is invalid or already running
     */
    List<JobInfo> runNow(PolicyDefinition definition) {
        String name = definition.name();
        PolicySettings settings = PolicySettings.read(name, definition.properties(), world);
        if (!settings.valid()) {
            throw new IllegalStateException("policy " + name + " cannot run: " + String.join("; ", settings.problems()));
        }
        Instant start = Instant.now();
        Deferred<Void> firstJobs = promises.deferred();
        AtomicBoolean resolved = new AtomicBoolean();
        Runnable resolve = () -> {
            if (resolved.compareAndSet(false, true)) {
                firstJobs.resolve(null);
            }
        };
        if (!startRun(settings, start, job -> resolve.run(), resolve)) {
            throw new IllegalStateException("policy " + name + " is already running");
        }
        Waits.await(firstJobs.getPromise(), FIRST_JOBS_TIMEOUT_MILLIS);
        return jobs.list(name, null).stream().filter(job -> !job.createdAt().isBefore(start)).toList();
    }

    // ---- the ticks

    void tick() {
        tick(Instant.now());
    }

    /** Looks at each policy's schedule as of {@code now}. */
    void tick(Instant now) {
        for (PolicyDefinition definition : definitions.get()) {
            try {
                tick(definition, now);
            } catch (RuntimeException | IOException e) {
                log.error("Scheduling policy {} failed: {}", definition.name(), e.toString(), e);
            }
        }
    }

    private void tick(PolicyDefinition definition, Instant now) throws IOException {
        String name = definition.name();
        PolicySettings settings = PolicySettings.read(name, definition.properties(), world);
        if (!settings.valid()) {
            reportInvalid(settings);
            return;
        }
        if (reportedProblems.remove(name) != null) {
            log.info("Policy {} is valid now", name);
        }
        PolicyState state = state(name);
        if (state.since == null) {
            state.since = now;
            state.lastFire = now;
            state.lastCheckFire = now;
            state.save();
            log.info("Policy {} is scheduled: {}", name, settings.schedule() == null ? "run by hand only" : settings.schedule());
        }
        if (state.pendingFire != null && !running.contains(name)) {
            log.info("Policy {}: finishing the run of {} that a stop interrupted", name, state.pendingFire);
            startRun(settings, state.pendingFire, job -> { }, () -> { });
            return;
        }
        if (!settings.enabled()) {
            return;
        }
        if (settings.schedule() != null) {
            Optional<Instant> due = due(settings.schedule(), state.lastFire, now);
            if (due.isPresent()) {
                Instant next = settings.schedule().nextAfter(state.lastFire.atZone(settings.zone())).orElseThrow().toInstant();
                state.lastFire = due.get();
                state.save();
                if (next.isBefore(activatedAt) && !settings.catchUp()) {
                    log.info("Policy {}: the run due at {} was missed while the server was down; catchUp is off", name, next);
                } else if (!startRun(settings, due.get(), job -> { }, () -> { })) {
                    log.warn("Policy {}: the run due at {} is skipped because the previous run is still going", name, due.get());
                }
            }
            reportOverdue(settings, state, now);
        }
        if (settings.checkSchedule() != null) {
            Optional<Instant> due = due(settings.checkSchedule(), state.lastCheckFire, now);
            if (due.isPresent()) {
                state.lastCheckFire = due.get();
                state.save();
                for (String target : settings.targets()) {
                    submitQuietly(PolicyRun.fullCheck(settings, target));
                }
            }
        }
    }

    /** The latest schedule time after {@code last} that has come, if any. */
    private static Optional<Instant> due(CronSchedule schedule, Instant last, Instant now) {
        ZonedDateTime zonedNow = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
        Optional<ZonedDateTime> next = schedule.nextAfter(ZonedDateTime.ofInstant(last, ZoneOffset.UTC));
        if (next.isEmpty() || next.get().isAfter(zonedNow)) {
            return Optional.empty();
        }
        return schedule.lastAtOrBefore(zonedNow).map(ZonedDateTime::toInstant);
    }

    /**
     * Starts a run unless the policy's previous one is still going.
     *
     * @param submitted told of each job the run submits
     * @param ended told when the run ended (or could not start)
     */
    private boolean startRun(PolicySettings settings, Instant fire, Consumer<JobInfo> submitted,
            Runnable ended) {
        if (!running.add(settings.name())) {
            return false;
        }
        PolicyState state = state(settings.name());
        try {
            runners.execute(() -> {
                try {
                    new PolicyRun(settings, state, fire, jobs, targets, snapshots, log, events, runners, submitted).run();
                } finally {
                    running.remove(settings.name());
                    ended.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            running.remove(settings.name());
            ended.run();
            return false;
        }
    }

    private void submitQuietly(JobRequest request) {
        try {
            JobInfo job = jobs.submit(request);
            log.info("Policy {}: scheduled {} job {} on target {}", request.policy(), request.type(), job.id(), request.target());
        } catch (RuntimeException e) {
            log.warn("Policy {}: cannot start the {} job on target {}: {}", request.policy(), request.type(), request.target(),
                    e.getMessage());
        }
    }

    private void reportInvalid(PolicySettings settings) {
        List<String> previous = reportedProblems.put(settings.name(), settings.problems());
        if (!settings.problems().equals(previous)) {
            log.error("Policy {} is rejected and will not run: {}", settings.name(), String.join("; ", settings.problems()));
            Map<String, Object> properties = new HashMap<>();
            properties.put(PolicyEvents.POLICY, settings.name());
            properties.put(PolicyEvents.ERROR, String.join("; ", settings.problems()));
            events.accept(PolicyEvents.TOPIC_INVALID, properties);
        }
    }

    /** The schedule time whose run is overdue, or {@code null} when the policy is on time. */
    private static Instant overdueSince(PolicySettings settings, PolicyState state, Instant now) {
        if (!settings.valid() || !settings.enabled() || settings.schedule() == null || state.since == null) {
            return null;
        }
        Optional<ZonedDateTime> due = settings.schedule().lastAtOrBefore(
                ZonedDateTime.ofInstant(now.minus(settings.overdueAfter()), settings.zone()));
        if (due.isEmpty() || !due.get().toInstant().isAfter(state.since)) {
            return null;
        }
        Instant dueTime = due.get().toInstant();
        return state.lastSuccess == null || state.lastSuccess.isBefore(dueTime) ? dueTime : null;
    }

    private void reportOverdue(PolicySettings settings, PolicyState state, Instant now) throws IOException {
        Instant overdue = overdueSince(settings, state, now);
        if (overdue == null || overdue.equals(state.overdueReported)) {
            return;
        }
        state.overdueReported = overdue;
        state.save();
        log.warn("Policy {} is overdue: the run due at {} has not succeeded{}", settings.name(), overdue,
                state.lastError == null ? "" : "; last error: " + state.lastError);
        Map<String, Object> properties = new HashMap<>();
        properties.put(PolicyEvents.POLICY, settings.name());
        properties.put(PolicyEvents.TARGETS, settings.targets().toArray(String[]::new));
        properties.put(PolicyEvents.ERROR, "the run due at " + overdue + " has not succeeded"
                + (state.lastError == null ? "" : ": " + state.lastError));
        events.accept(PolicyEvents.TOPIC_OVERDUE, properties);
    }

    private PolicyState state(String name) {
        return states.computeIfAbsent(name, n -> {
            try {
                return PolicyState.load(stateFolder.resolve(n + ".properties"));
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot read the schedule state of policy {} ({}); starting afresh", n, e.toString());
                try {
                    Files.deleteIfExists(stateFolder.resolve(n + ".properties"));
                    return PolicyState.load(stateFolder.resolve(n + ".properties"));
                } catch (IOException again) {
                    throw new IllegalStateException(again);
                }
            }
        });
    }
}
