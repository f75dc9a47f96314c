package io.shoebox.shell;

import java.io.PrintStream;
import java.util.Optional;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobService;

/**
 * Follows one job for {@code --wait}: a progress line now and then while it runs, then how it
 * ended and its result. It asks the job service rather than listening to events, so it needs no
 * registration and cannot miss the end of a job that finishes before it starts looking.
 */
final class JobWatcher {

    static final long POLL_MILLIS = 250;
    /** At most one progress line this often, so a long backup does not flood the terminal. */
    static final long PRINT_MILLIS = 2000;

    private final JobService jobs;
    private final long pollMillis;
    private final long printMillis;

    JobWatcher(JobService jobs, long pollMillis, long printMillis) {
        this.jobs = jobs;
        this.pollMillis = pollMillis;
        this.printMillis = printMillis;
    }

    /**
     * Prints progress until the job ends, then its ending and result.
     *
     * @return false when waiting was interrupted (Ctrl-C): the job goes on without the shell
     */
    boolean follow(String id, PrintStream out) {
        JobProgress printed = null;
        long lastPrint = 0;
        while (true) {
            Optional<JobInfo> current = jobs.get(id);
            if (current.isEmpty()) {
                out.println("Job " + id + " is no longer known to the server");
                return true;
            }
            JobInfo job = current.get();
            if (job.state().isFinal()) {
                out.println(JobText.ending(job));
                if (job.result() != null && !job.result().isEmpty()) {
                    out.print(JobText.result(job.result()));
                }
                out.flush();
                return true;
            }
            long now = System.currentTimeMillis();
            if (job.startedAt() != null && saysSomething(job.progress()) && !job.progress().equals(printed)
                    && now - lastPrint >= printMillis) {
                String percent = Formats.percent(job.progress());
                out.println("  " + (percent.isEmpty() ? "" : percent + "  ") + Formats.progress(job.progress()));
                out.flush();
                printed = job.progress();
                lastPrint = now;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("Stopped waiting; the job goes on (shoebox:jobs " + Formats.shortId(id) + ")");
                return false;
            }
        }
    }

    /** A job that has started but not yet counted anything has no progress worth a line. */
    private static boolean saysSomething(JobProgress progress) {
        return progress != null && (!Formats.percent(progress).isEmpty() || progress.filesDone() > 0 || progress.bytesDone() > 0);
    }
}
