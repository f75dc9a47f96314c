package io.shoebox.engine.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;

/**
 * Queues and runs jobs on a bounded pool. Two jobs that write the same target never run at once;
 * the later one waits. State changes and progress (at most every half second per job) are
 * published on Event Admin.
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
    /** Targets being written by a running job, and the jobs waiting for them. */
    private final Map<String, String> busyTargets = new HashMap<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final JobHistory history;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

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
        this.executor = Executors.newFixedThreadPool(Math.max(1, config.maxConcurrentJobs()), r -> {
            Thread thread = new Thread(r, "shoebox-job-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
                    + new java.util.TreeSet<>(types.keySet()));
        }
        JobRunner runner = type.prepare(request);
        Record record = new Record(UUID.randomUUID().toString(), request, runner, type.exclusiveTarget(request));
        synchronized (this) {
            jobs.put(record.id, record);
            trimHistory();
        }
        log.info("Queued {} job {}", request.type(), record.id);
        publishState(record);
        executor.execute(() -> run(record));
        return record.info();
    }

    private void run(Record record) {
        if (!claimTarget(record)) {
            return;
        }
        try {
            if (record.context.isCancelled()) {
                record.finish(JobState.CANCELLED, null, "cancelled before it started");
                return;
            }
            record.start(Thread.currentThread());
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
            releaseTarget(record);
        }
        log.info("{} job {} ended {}{}", record.request.type(), record.id, record.state,
                record.error == null ? "" : ": " + record.error);
        publishState(record);
    }

    /**
     * Takes the job's target for it. If another job writes that target, the job goes back into the
     * queue behind it, and the thread is free for other work meanwhile.
     */
    private boolean claimTarget(Record record) {
        if (record.target == null) {
            return true;
        }
        synchronized (this) {
            String holder = busyTargets.get(record.target);
            if (holder == null || holder.equals(record.id)) {
                busyTargets.put(record.target, record.id);
                return true;
            }
        }
        if (record.context.isCancelled()) {
            record.finish(JobState.CANCELLED, null, "cancelled before it started");
            publishState(record);
            return false;
        }
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!executor.isShutdown()) {
            executor.execute(() -> run(record));
        }
        return false;
    }

    private synchronized void releaseTarget(Record record) {
        if (record.target != null) {
            busyTargets.remove(record.target, record.id);
        }
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
        return record.cancel();
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

        Record(JobInfo past) {
            this.id = past.id();
            this.request = past.request();
            this.runner = null;
            this.target = null;
            this.context = new JobContext(() -> { });
            this.past = past;
            this.state = past.state();
        }

        Record(String id, JobRequest request, JobRunner runner, String target) {
            this.past = null;
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

        synchronized void start(Thread running) {
            thread = running;
            startedAt = Instant.now();
            state = JobState.RUNNING;
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
