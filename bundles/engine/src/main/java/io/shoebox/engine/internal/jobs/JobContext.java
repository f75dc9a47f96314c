package io.shoebox.engine.internal.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.shoebox.api.job.JobProgress;

/**
 * What a running job sees of its surroundings: where to report progress and warnings, and whether
 * it has been asked to stop. Thread-safe, so a job's worker threads can share it.
 */
public final class JobContext {

    /** How many warnings are kept in full; the rest are only counted. */
    static final int MAX_WARNINGS = 1000;

    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesTotal = new AtomicLong(-1);
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong(-1);
    private final AtomicLong warningCount = new AtomicLong();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Runnable onProgress;
    private volatile boolean cancelled;

    JobContext(Runnable onProgress) {
        this.onProgress = onProgress;
    }

    public void fileDone(long bytes) {
        filesDone.incrementAndGet();
        bytesDone.addAndGet(bytes);
        onProgress.run();
    }

    public void bytesDone(long bytes) {
        bytesDone.addAndGet(bytes);
        onProgress.run();
    }

    public void totals(long files, long bytes) {
        filesTotal.set(files);
        bytesTotal.set(bytes);
        onProgress.run();
    }

    /** Sets how far the job has got, for jobs that count in their own steps. */
    public void progress(long files, long filesOf, long bytes, long bytesOf) {
        filesDone.set(files);
        filesTotal.set(filesOf);
        bytesDone.set(bytes);
        bytesTotal.set(bytesOf);
        onProgress.run();
    }

    public JobProgress progress() {
        return new JobProgress(filesDone.get(), filesTotal.get(), bytesDone.get(), bytesTotal.get());
    }

    /** Records a problem that does not stop the job (a file that could not be read). */
    public void warn(String warning) {
        if (warningCount.incrementAndGet() <= MAX_WARNINGS) {
            warnings.add(warning);
        }
    }

    public List<String> warnings() {
        long count = warningCount.get();
        if (count <= MAX_WARNINGS) {
            return List.copyOf(warnings);
        }
        List<String> all = new ArrayList<>(warnings);
        all.add("... and " + (count - MAX_WARNINGS) + " more warnings");
        return all;
    }

    public long warningCount() {
        return warningCount.get();
    }

    void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Ends the job at a safe point if it has been cancelled. */
    public void checkCancelled() {
        if (cancelled) {
            throw new CancellationException("the job was cancelled");
        }
    }

    /** What the job reports when it ends. */
    public record Outcome(Map<String, Object> result, String failure) {
        public static Outcome succeeded(Map<String, Object> result) {
            return new Outcome(result, null);
        }

        /** Ended without crashing, but what it found is a failure (a check that found damage). */
        public static Outcome failed(Map<String, Object> result, String failure) {
            return new Outcome(result, failure);
        }
    }
}
