package io.shoebox.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shoebox.api.concurrent.Threads;

/**
 * One run of a fuzz test over a reader of untrusted files: each case runs on a worker thread within a
 * time limit; a case that throws, hangs or reports a problem fails, and its input is written to
 * {@code target/fuzz-failures} under the case's name, so it can be replayed.
 */
public final class FuzzRun implements AutoCloseable {

    /** What one case does with its input: returns a problem found, or null when all went well. */
    @FunctionalInterface
    public interface Case {
        String run(byte[] content) throws Exception;
    }

    private final Duration perCase;
    private final List<String> failures = new ArrayList<>();
    private final long start = System.nanoTime();
    private ExecutorService worker = newWorker();
    private int cases;
    private long slowestNanos;
    private String slowest = "";

    /** @param perCase the most one case may take before it counts as a hang */
    public FuzzRun(Duration perCase) {
        this.perCase = perCase;
    }

    private static ExecutorService newWorker() {
        return Threads.pool("fuzz-case", 1);
    }

    /** Runs one case named {@code name} on {@code content}. */
    public void check(String name, byte[] content, Case work) {
        cases++;
        long caseStart = System.nanoTime();
        Callable<String> task = () -> work.run(content);
        Future<String> result = worker.submit(task);
        String failure;
        try {
            failure = result.get(perCase.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the stuck thread is a daemon; the next cases get a fresh one
            failure = "did not finish within " + perCase;
        } catch (ExecutionException e) {
            failure = e.getCause().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        long nanos = System.nanoTime() - caseStart;
        if (nanos > slowestNanos) {
            slowestNanos = nanos;
            slowest = name;
        }
        if (failure != null) {
            failures.add(name + ": " + failure);
            keep(name, content);
        }
    }

    /** How many cases ran. */
    public int cases() {
        return cases;
    }

    /** Each failed case's name and what went wrong. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Cases, failures, time per case and the slowest case, then every failure, for the test's output. */
    public String summary(String title) {
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%n%s: %d files, %d failed, %.1f s (%.1f ms a file), slowest %.0f ms (%s)%n%s",
                title, cases, failures.size(), seconds, 1000 * seconds / Math.max(1, cases), slowestNanos / 1e6, slowest,
                String.join("\n", failures));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private static void keep(String name, byte[] content) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9._#-]+", "_")), content);
        } catch (IOException e) {
            // the failure is reported anyway
        }
    }
}
