package io.shoebox.api.job;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Runs jobs and reports on them. */
@ProviderType
public interface JobService {

    /**
     * Queues a job.
     *
     * @throws IllegalArgumentException when the request names something that does not exist or
     *     lacks what its type needs; the message says which field
     */
    JobInfo submit(JobRequest request);

    Optional<JobInfo> get(String id);

    /** Jobs newest first, optionally only those of one policy or in one state (null: all). */
    List<JobInfo> list(String policy, JobState state);

    /** Asks a queued or running job to stop. Returns false if it had already ended. */
    boolean cancel(String id);

    /**
     * The job as it ends: a future that completes with its final state when it reaches one (at once for
     * a job that has ended), so a caller waits for a job without asking again and again.
     *
     * @throws java.util.NoSuchElementException when there is no such job
     */
    java.util.concurrent.CompletableFuture<JobInfo> ended(String id);
}
