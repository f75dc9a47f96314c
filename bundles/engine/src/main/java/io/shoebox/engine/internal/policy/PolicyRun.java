package io.shoebox.engine.internal.policy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.osgi.service.log.Logger;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import io.shoebox.api.policy.PolicyEvents;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.engine.internal.jobs.BackupJobType;

/**
 * One run of a policy for one schedule time: on each target (targets in parallel), a backup of each
 * source, then retention, then verification. Each step done is written down before the next
 * starts, so a run interrupted by a stop is finished at the next start without repeating what is
 * done; a backup is also recognised as done by its snapshot, which carries the run's schedule time.
 * A step that fails is retried with doubling pauses, and a target that is unavailable is waited for.
 */
final class PolicyRun {

    /** How long a step waits for an unavailable target (one that is starting, say) before it counts as an attempt. */
    private static final Duration AVAILABILITY_WAIT = Duration.ofSeconds(30);

    private final PolicySettings settings;
    private final PolicyState state;
    private final Instant fire;
    private final JobService jobs;
    private final TargetAvailability targets;
    private final SnapshotService snapshots;
    private final Logger log;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Executor executor;
    /** Told of each job the run submits, as it submits it. */
    private final java.util.function.Consumer<JobInfo> submitted;
    private final List<String> jobIds = Collections.synchronizedList(new ArrayList<>());
    /** Steps that did their work but warned (files that could not be backed up), for the run's outcome. */
    private final List<String> warned = Collections.synchronizedList(new ArrayList<>());

    PolicyRun(PolicySettings settings, PolicyState state, Instant fire, JobService jobs, TargetAvailability targets,
            SnapshotService snapshots, Logger log, BiConsumer<String, Map<String, Object>> events,
            Executor executor, java.util.function.Consumer<JobInfo> submitted) {
        this.executor = executor;
        this.submitted = submitted;
        this.settings = settings;
        this.state = state;
        this.fire = fire;
        this.jobs = jobs;
        this.targets = targets;
        this.snapshots = snapshots;
        this.log = log;
        this.events = events;
    }

    /** The tag that ties a snapshot to the run that made it. */
    static String runTag(Instant fire) {
        return "run:" + fire;
    }

    static JobRequest fullCheck(PolicySettings settings, String target) {
        return new JobRequest("check", settings.name(), null, target, null, null, null, Map.of("readData", 1.0));
    }

    void run() {
        String name = settings.name();
        try {
            synchronized (state) {
                if (!fire.equals(state.pendingFire)) {
                    state.pendingFire = fire;
                    state.pendingDone.clear();
                }
                state.lastRun = Instant.now();
                state.save();
            }
        } catch (IOException e) {
            log.error("Policy {}: cannot record the start of its run: {}", name, e.toString());
            return;
        }
        log.info("Policy {}: run for {} started on {}", name, fire, settings.targets());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean interrupted = new AtomicBoolean();
        List<CompletableFuture<Void>> perTarget = new ArrayList<>();
        for (String target : settings.targets()) {
            perTarget.add(CompletableFuture.runAsync(() -> {
                try {
                    runOn(target);
                } catch (StepFailed e) {
                    if (e.interrupted) {
                        interrupted.set(true);
                    } else {
                        failures.add(e.getMessage());
                    }
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(perTarget.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            failures.add(String.valueOf(e.getCause()));
        }
        if (interrupted.get() || Thread.currentThread().isInterrupted()) {
            log.info("Policy {}: run for {} interrupted; it will be finished at the next start", name, fire);
            return;
        }
        String outcome = !failures.isEmpty() ? JobState.FAILED.name()
                : warned.isEmpty() ? JobState.SUCCEEDED.name() : JobState.SUCCEEDED_WITH_WARNINGS.name();
        try {
            synchronized (state) {
                state.pendingFire = null;
                state.pendingDone.clear();
                state.lastOutcome = outcome;
                state.lastError = failures.isEmpty() ? null : String.join("; ", failures);
                if (failures.isEmpty()) {
                    state.lastSuccess = Instant.now();
                }
                state.save();
            }
        } catch (IOException e) {
            log.error("Policy {}: cannot record the end of its run: {}", name, e.toString());
        }
        if (failures.isEmpty() && warned.isEmpty()) {
            log.info("Policy {}: run for {} succeeded", name, fire);
        } else if (failures.isEmpty()) {
            log.warn("Policy {}: run for {} succeeded with warnings in {}", name, fire, String.join("; ", warned));
        } else {
            log.error("Policy {}: run for {} failed: {}", name, fire, String.join("; ", failures));
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(PolicyEvents.POLICY, name);
        properties.put(PolicyEvents.OUTCOME, outcome);
        properties.put(PolicyEvents.TARGETS, settings.targets().toArray(String[]::new));
        properties.put(PolicyEvents.JOBS, jobIds.toArray(String[]::new));
        if (!failures.isEmpty()) {
            properties.put(PolicyEvents.ERROR, String.join("; ", failures));
        }
        events.accept(PolicyEvents.TOPIC_RUN_FINISHED, properties);
    }

    private void runOn(String target) throws StepFailed {
        for (String source : settings.sources()) {
            step("backup " + source + " → " + target, target, () -> alreadyBackedUp(source, target),
                    new JobRequest("backup", settings.name(), source, target, null, null, null, backupOptions()));
        }
        if (settings.forgets()) {
            for (String source : settings.sources()) {
                step("retention " + source + " on " + target, target, () -> false,
                        new JobRequest("prune", settings.name(), source, target, null, null, null, retentionOptions()));
            }
        }
        if (settings.verifyReadPercent() > 0) {
            step("verify " + target, target, () -> false, new JobRequest("check", settings.name(), null, target, null, null,
                    null, Map.of("readData", settings.verifyReadPercent() / 100.0)));
        }
    }

    private Map<String, Object> backupOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        for (String key : settings.raw().keySet()) {
            if (!PolicySettings.KNOWN.contains(key) || BackupJobType.STANDARD_SELECTION_KEYS.contains(key)) {
                options.put(key, settings.raw().get(key));
            }
        }
        if (!settings.selectionRules().isEmpty()) {
            options.put("selectionRules", settings.selectionRules());
        }
        options.put("tags", List.of(runTag(fire)));
        if (settings.uploadLimitKiBps() > 0) {
            options.put("uploadLimitKiBps", settings.uploadLimitKiBps());
        }
        return options;
    }

    private Map<String, Object> retentionOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        settings.raw().forEach((key, value) -> {
            if (key.startsWith("keep") || !PolicySettings.KNOWN.contains(key)) {
                options.put(key, value);
            }
        });
        options.put("retentionRules", settings.retentionRules());
        options.put("timeZone", settings.zone().getId());
        return options;
    }

    /** A backup of this run whose snapshot was committed before a stop is not made again. */
    private boolean alreadyBackedUp(String source, String target) {
        try {
            for (SnapshotInfo snapshot : snapshots.list(target)) {
                if (!snapshot.checkpoint() && source.equals(snapshot.source()) && snapshot.tags().contains(runTag(fire))
                        && snapshot.tags().contains("policy:" + settings.name())) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Policy {}: cannot list snapshots on {} yet: {}", settings.name(), target, e.toString());
        }
        return false;
    }

    @FunctionalInterface
    private interface Check {
        boolean done();
    }

    private void step(String description, String target, Check alreadyDone, JobRequest request) throws StepFailed {
        String key = request.type() + ":" + target + ":" + (request.source() == null ? "" : request.source());
        synchronized (state) {
            if (state.pendingDone.contains(key)) {
                return;
            }
        }
        String error = null;
        for (int attempt = 0; attempt <= settings.retryAttempts(); attempt++) {
            if (attempt > 0) {
                Duration pause = settings.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 10));
                log.warn("Policy {}: {} failed ({}); retrying in {} s", settings.name(), description, error, pause.toSeconds());
                if (!sleep(pause.toMillis())) {
                    throw new StepFailed(description + " interrupted", true);
                }
            }
            error = unavailability(target);
            if (error != null) {
                continue;
            }
            if (alreadyDone.done()) {
                markDone(key);
                return;
            }
            JobInfo job;
            try {
                job = jobs.submit(request);
            } catch (RuntimeException e) {
                error = e.getMessage();
                continue;
            }
            jobIds.add(job.id());
            submitted.accept(job);
            JobInfo finished = await(job.id());
            if (finished == null) {
                throw new StepFailed(description + " interrupted", true);
            }
            if (finished.state().isSuccess()) {
                if (finished.state() == JobState.SUCCEEDED_WITH_WARNINGS) {
                    warned.add(description);
                }
                markDone(key);
                return;
            }
            error = finished.error() == null ? finished.state().name() : finished.error();
            if (finished.state() == JobState.CANCELLED) {
                break;
            }
        }
        throw new StepFailed(description + ": " + error, false);
    }

    private void markDone(String key) {
        synchronized (state) {
            state.pendingDone.add(key);
            try {
                state.save();
            } catch (IOException e) {
                log.warn("Policy {}: cannot record progress: {}", settings.name(), e.toString());
            }
        }
    }

    /** Why a target cannot be used now, after waiting a little for it, or {@code null} when it can. */
    private String unavailability(String target) {
        try {
            TargetInfo info = targets.await(target, AVAILABILITY_WAIT.toMillis()).orElse(null);
            if (info == null) {
                return "target " + target + " no longer exists";
            }
            return info.status() == TargetStatus.AVAILABLE ? null
                    : "target " + target + " is unavailable: " + info.reason();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "target " + target + " is unavailable: the wait was interrupted";
        }
    }

    /** Waits for a job to end; {@code null} if the wait was interrupted or the job will never end here. */
    private JobInfo await(String id) {
        try {
            return jobs.ended(id).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (NoSuchElementException | CancellationException e) {
            return null; // gone from the history, or the server is stopping
        } catch (ExecutionException e) {
            return jobs.get(id).orElse(null);
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean interrupted;

        StepFailed(String message, boolean interrupted) {
            super(message);
            this.interrupted = interrupted;
        }
    }
}
