package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import io.shoebox.api.snapshot.SnapshotEvents;

/**
 * Queues and runs jobs on a bounded pool. Two jobs that write the same target never run at once:
 * while one runs, the later ones wait in that target's own queue, in the order they were
 * submitted, holding no thread; when it ends, the next one is handed to the pool. Jobs of other
 * targets are never held up by them. State changes and progress (at most every half second per
 * job) are published on Event Admin.
 */
@Component(service = JobService.class, configurationPid = "shoebox.jobs")
@Designate(ocd = JobManagerConfig.class)
public class JobManager implements JobService {

    private static final long PROGRESS_EVENT_INTERVAL_MILLIS = 500;

    private final Logger log;
    private final ExecutorService executor;
    private final int historySize;
    private final Map<String, JobType> types = new ConcurrentHashMap<>();
    private final Map<String, Record> jobs = new LinkedHashMap<>();
    /** Targets held by a job handed to the pool (queued there or running), and the job holding each. */
    private final Map<String, String> busyTargets = new HashMap<>();
    /** The jobs waiting for a busy target, per target, first submitted first. */
    private final Map<String, Deque<Record>> waiting = new HashMap<>();
    private final JobHistory history;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin events;

    @Activate
    public JobManager(@Reference(service = LoggerFactory.class) Logger log, JobManagerConfig config, BundleContext context) {
        this.log = log;
        this.historySize = config.historySize();
        String home = context.getProperty("shoebox.home");
        this.history = new JobHistory(Path.of(home == null ? "data" : home).resolve(JobHistory.FILE));
        try {
            for (JobInfo past : history.load(historySize)) {
                jobs.put(past.id(), new Record(past));
            }
        } catch (IOException e) {
            log.error("Cannot read the job history {}: {}; earlier jobs are not shown", JobHistory.FILE, e.toString());
        }
        this.executor = Threads.pool("job", Math.max(1, config.maxConcurrentJobs()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addJobType(JobType type, Map<String, Object> properties) {
        types.put(String.valueOf(properties.get(JobType.TYPE_PROPERTY)), type);
    }

    void removeJobType(JobType type, Map<String, Object> properties) {
        types.remove(String.valueOf(properties.get(JobType.TYPE_PROPERTY)), type);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (this) {
            jobs.values().forEach(record -> record.context.cancel());
        }
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        synchronized (this) {
            // Jobs still queued never run in this server's life: no one waits for them for ever.
            jobs.values().forEach(record -> record.ended.completeExceptionally(
                    new CancellationException("the server stopped before job " + record.id + " ended")));
        }
        try {
            history.close();
        } catch (IOException e) {
            log.warn("Cannot close the job history: {}", e.toString());
        }
    }

    @Override
    public JobInfo submit(JobRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw new InvalidConfigurationException("type", "type is required; known types: " + types.keySet());
        }
        JobType type = types.get(request.type());
        if (type == null) {
            throw new InvalidConfigurationException("type", "unknown job type '" + request.type() + "'; known types: "
                    + new TreeSet<>(types.keySet()));
        }
        JobRunner runner = type.prepare(request);
        Record record = new Record(UUID.randomUUID().toString(), request, runner, type.exclusiveTarget(request),
                type.changesSnapshots());
        boolean claimed;
        synchronized (this) {
            jobs.put(record.id, record);
            trimHistory();
            claimed = claimTarget(record);
        }
        log.info("Queued {} job {}{}", request.type(), record.id, claimed ? "" : ": it waits for the job on target "
                + record.target + " to end");
        publishState(record);
        if (claimed) {
            handOver(record);
        }
        return record.info();
    }

    /**
     * Takes the job's target for it if it is free; otherwise the job joins the end of that target's
     * queue and {@link #release} hands it to the pool when its turn comes.
     */
    private boolean claimTarget(Record record) {
        assert Thread.holdsLock(this);
        if (record.target == null) {
            return true;
        }
        if (busyTargets.putIfAbsent(record.target, record.id) == null) {
            return true;
        }
        waiting.computeIfAbsent(record.target, t -> new ArrayDeque<>()).addLast(record);
        return false;
    }

    /**
     * Frees the job's target and gives it to the first job waiting for it that was not cancelled
     * meanwhile, which then holds it.
     *
     * @return that job, to hand to the pool, or {@code null}
     */
    private synchronized Record release(Record record) {
        if (record.target == null || !busyTargets.remove(record.target, record.id)) {
            return null;
        }
        Deque<Record> queue = waiting.get(record.target);
        Record next = null;
        while (queue != null && next == null && !queue.isEmpty()) {
            Record candidate = queue.pollFirst();
            if (!candidate.state.isFinal()) {
                next = candidate;
            }
        }
        if (queue != null && queue.isEmpty()) {
            waiting.remove(record.target);
        }
        if (next != null) {
            busyTargets.put(next.target, next.id);
        }
        return next;
    }

    /** A job cancelled while it waited for its target leaves that target's queue. */
    private synchronized void leaveQueue(Record record) {
        Deque<Record> queue = record.target == null ? null : waiting.get(record.target);
        if (queue != null && queue.remove(record) && queue.isEmpty()) {
            waiting.remove(record.target);
        }
    }

    private void handOver(Record record) {
        try {
            executor.execute(() -> run(record));
        } catch (RejectedExecutionException e) {
            // Stopping: the job stays as it is, like the others still queued in the pool.
            log.debug("Not starting job {}: the job manager is stopping", record.id);
        }
    }

    /** Runs the job, then lets the next job waiting for its target go, whatever happened. */
    private void run(Record record) {
        try {
            execute(record);
        } finally {
            Record next = release(record);
            if (next != null) {
                handOver(next);
            }
        }
    }

    private void execute(Record record) {
        try {
            if (record.context.isCancelled() || !record.start(Thread.currentThread())) {
                record.finish(JobState.CANCELLED, null, "cancelled before it started");
                record.ended.complete(record.info());
                return;
            }
            publishState(record);
            log.info("Started {} job {}", record.request.type(), record.id);
            JobContext.Outcome outcome = record.runner.run(record.context);
            if (outcome.failure() != null) {
                record.finish(JobState.FAILED, outcome.result(), outcome.failure());
            } else if (record.context.warningCount() > 0) {
                record.finish(JobState.SUCCEEDED_WITH_WARNINGS, outcome.result(), null);
            } else {
                record.finish(JobState.SUCCEEDED, outcome.result(), null);
            }
        } catch (CancellationException e) {
            record.finish(JobState.CANCELLED, null, "cancelled");
        } catch (Exception | LinkageError | AssertionError e) {
            if (record.context.isCancelled()) {
                record.finish(JobState.CANCELLED, null, "cancelled");
            } else {
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                record.finish(JobState.FAILED, null, message);
                log.error("{} job {} failed: {}", record.request.type(), record.id, message, e);
            }
        } finally {
            Thread.interrupted();
        }
        log.info("{} job {} ended {}{}", record.request.type(), record.id, record.state,
                record.error == null ? "" : ": " + record.error);
        publishState(record);
        if (record.changesSnapshots && record.request.target() != null) {
            postSnapshotsChanged(record);
        }
        record.ended.complete(record.info()); // last: whoever waits for the job finds all of this done
    }

    private void postSnapshotsChanged(Record record) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(SnapshotEvents.TOPIC_CHANGED, Map.of(SnapshotEvents.TARGET, record.request.target(),
                    SnapshotEvents.JOB_ID, record.id)));
        }
    }

    @Override
    public CompletableFuture<JobInfo> ended(String id) {
        Record record;
        synchronized (this) {
            record = jobs.get(id);
        }
        if (record == null) {
            throw new NoSuchElementException("no job with id " + id);
        }
        return record.ended.copy();
    }

    @Override
    public synchronized Optional<JobInfo> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Record::info);
    }

    @Override
    public synchronized List<JobInfo> list(String policy, JobState state) {
        List<JobInfo> result = new ArrayList<>();
        for (Record record : jobs.values()) {
            JobInfo info = record.info();
            if ((policy == null || policy.equals(info.request().policy())) && (state == null || state == info.state())) {
                result.add(info);
            }
        }
        result.sort(Comparator.comparing(JobInfo::createdAt).reversed());
        return result;
    }

    @Override
    public boolean cancel(String id) {
        Record record;
        synchronized (this) {
            record = jobs.get(id);
        }
        if (record == null) {
            throw new NoSuchElementException("no job with id " + id);
        }
        boolean cancelled = record.cancel();
        if (cancelled && record.state.isFinal()) {
            leaveQueue(record);
        }
        return cancelled;
    }

    private void trimHistory() {
        int finished = (int) jobs.values().stream().filter(r -> r.state.isFinal()).count();
        var iterator = jobs.values().iterator();
        while (finished > historySize && iterator.hasNext()) {
            if (iterator.next().state.isFinal()) {
                iterator.remove();
                finished--;
            }
        }
    }

    private void publishState(Record record) {
        try {
            history.record(record.info());
        } catch (IOException e) {
            log.warn("Cannot record job {} in the history: {}", record.id, e.toString());
        }
        post(JobEvents.TOPIC_STATE, record);
    }

    private void post(String topic, Record record) {
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(JobEvents.JOB_ID, record.id);
            properties.put(JobEvents.JOB_STATE, record.state.name());
            properties.put(JobEvents.JOB_PROGRESS, record.context.progress());
            admin.postEvent(new Event(topic, properties));
        }
    }

    /** One job's mutable state. */
    private final class Record {
        final String id;
        final JobRequest request;
        final JobRunner runner;
        final String target;
        final JobContext context;
        final Instant createdAt = Instant.now();
        volatile JobState state = JobState.QUEUED;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile Map<String, Object> result;
        volatile String error;
        volatile Thread thread;
        volatile long lastProgressEvent;
        /** A job of an earlier run of the server, as the history recorded it. */
        final JobInfo past;
        /** Whether the job may change its target's snapshots. */
        final boolean changesSnapshots;
        /** Completes with the job's final state once it has one. */
        final CompletableFuture<JobInfo> ended = new CompletableFuture<>();

        Record(JobInfo past) {
            this.id = past.id();
            this.request = past.request();
            this.runner = null;
            this.target = null;
            this.context = new JobContext(() -> { });
            this.past = past;
            this.state = past.state();
            this.changesSnapshots = false;
            ended.complete(past);
        }

        Record(String id, JobRequest request, JobRunner runner, String target, boolean changesSnapshots) {
            this.past = null;
            this.changesSnapshots = changesSnapshots;
            this.id = id;
            this.request = request;
            this.runner = runner;
            this.target = target;
            this.context = new JobContext(this::progressed);
        }

        void progressed() {
            long now = System.currentTimeMillis();
            if (now - lastProgressEvent >= PROGRESS_EVENT_INTERVAL_MILLIS) {
                lastProgressEvent = now;
                post(JobEvents.TOPIC_PROGRESS, this);
            }
        }

        /** Marks the job running, unless it was cancelled meanwhile. */
        synchronized boolean start(Thread running) {
            if (state.isFinal()) {
                return false;
            }
            thread = running;
            startedAt = Instant.now();
            state = JobState.RUNNING;
            return true;
        }

        synchronized void finish(JobState finalState, Map<String, Object> outcome, String failure) {
            if (state.isFinal()) {
                return;
            }
            thread = null;
            state = finalState;
            result = outcome;
            error = failure;
            finishedAt = Instant.now();
        }

        synchronized boolean cancel() {
            if (state.isFinal()) {
                return false;
            }
            context.cancel();
            if (state == JobState.QUEUED) {
                state = JobState.CANCELLED;
                error = "cancelled before it started";
                finishedAt = Instant.now();
                publishState(this);
                ended.complete(info());
            } else if (thread != null) {
                thread.interrupt();
            }
            return true;
        }

        JobInfo info() {
            if (past != null) {
                return past;
            }
            return new JobInfo(id, request, state, createdAt, startedAt, finishedAt, context.progress(),
                    result == null ? Map.of() : result, error, context.warnings());
        }
    }
}
