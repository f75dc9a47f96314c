package io.shoebox.engine.internal.jobs;

import java.util.concurrent.CancellationException;

/** The work of one job type, created for one request once that request has been checked. */
@FunctionalInterface
public interface JobRunner {

    /**
     * Does the work.
     *
     * @throws CancellationException when it stopped because it was cancelled
     * @throws Exception when it failed; the message becomes the job's error
     */
    JobContext.Outcome run(JobContext context) throws Exception;
}
