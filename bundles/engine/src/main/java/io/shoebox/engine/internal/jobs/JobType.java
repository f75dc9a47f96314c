package io.shoebox.engine.internal.jobs;

import java.util.NoSuchElementException;

import io.shoebox.api.job.JobRequest;

/**
 * A kind of job: checks requests and makes their runners. Registered as a service so new job types
 * can come from other bundles.
 */
public interface JobType {

    /** Service property: the {@code type} of requests this job type runs. */
    String TYPE_PROPERTY = "shoebox.job.type.name";

    /**
     * Checks a request and prepares its work.
     *
     * @throws io.shoebox.api.admin.InvalidConfigurationException naming the bad field
     * @throws NoSuchElementException when the request names something that does not exist
     */
    JobRunner prepare(JobRequest request);

    /**
     * The target whose repository the job writes to, so that two jobs writing the same target
     * run one after the other; {@code null} when it does not matter.
     */
    default String exclusiveTarget(JobRequest request) {
        return null;
    }

    /** Whether a job of this type may change the snapshots of its target, which readers are then told. */
    default boolean changesSnapshots() {
        return false;
    }
}
