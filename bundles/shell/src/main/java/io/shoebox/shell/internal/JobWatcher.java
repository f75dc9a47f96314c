package io.shoebox.shell.internal;

import java.io.PrintStream;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobService;

/**
 * Follows one job for {@code --wait}: a progress line now and then while it runs, then how it
 * ended and its result. It waits on the job's end as the job service reports it, so it answers the
 * moment the job ends, even one that ended before it started looking.
 */
final class JobWatcher {

    /** At most one progress line this often, so a long backup does not flood the terminal. */
    static final long PRINT_MILLIS = 2000;

    private final JobService jobs;
    private final long printMillis;

    JobWatcher(JobService jobs, long printMillis) {
        this.jobs = jobs;
        this.printMillis = printMillis;
    }

    /**
     * Prints progress until the job ends, then its ending and result.
     *
     * @return false when waiting was interrupted (Ctrl-C): the job goes on without the shell
     */
    boolean follow(String id, PrintStream out) {
        CompletableFuture<JobInfo> ended;
        try {
            ended = jobs.ended(id);
        } catch (NoSuchElementException e) {
            out.println("Job " + id + " is no longer known to the server");
            return true;
        }
        JobProgress printed = null;
        while (true) {
            try {
                JobInfo job = ended.get(printMillis, TimeUnit.MILLISECONDS);
                out.println(JobText.ending(job));
                if (job.result() != null && !job.result().isEmpty()) {
                    out.print(JobText.result(job.result()));
                }
                out.flush();
                return true;
            } catch (TimeoutException e) {
                printed = printProgress(id, printed, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("Stopped waiting; the job goes on (shoebox:jobs " + Formats.shortId(id) + ")");
                return false;
            } catch (ExecutionException | CancellationException e) {
                out.println("Job " + id + " will not end while this server runs: it is stopping");
                return true;
            }
        }
    }

    /** A progress line if the job has moved since the last one; returns what was last printed. */
    private JobProgress printProgress(String id, JobProgress printed, PrintStream out) {
        JobInfo job = jobs.get(id).orElse(null);
        if (job == null || job.startedAt() == null || !saysSomething(job.progress()) || job.progress().equals(printed)) {
            return printed;
        }
        String percent = Formats.percent(job.progress());
        out.println("  " + (percent.isEmpty() ? "" : percent + "  ") + Formats.progress(job.progress()));
        out.flush();
        return job.progress();
    }

    /** A job that has started but not yet counted anything has no progress worth a line. */
    private static boolean saysSomething(JobProgress progress) {
        return progress != null && (!Formats.percent(progress).isEmpty() || progress.filesDone() > 0 || progress.bytesDone() > 0);
    }
}
