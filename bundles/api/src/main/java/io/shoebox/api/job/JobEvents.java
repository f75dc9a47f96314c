package io.shoebox.api.job;

/** Event Admin topics and properties under which jobs report. */
public final class JobEvents {

    /** Topic prefix; subscribe to {@code shoebox/job/*} for all job events. */
    public static final String TOPIC_PREFIX = "shoebox/job/";
    public static final String TOPIC_STATE = TOPIC_PREFIX + "STATE";
    public static final String TOPIC_PROGRESS = TOPIC_PREFIX + "PROGRESS";

    /** Event property: the job id. */
    public static final String JOB_ID = "job.id";
    /** Event property: the {@link JobState} name. */
    public static final String JOB_STATE = "job.state";
    /** Event property: the {@link JobProgress}. */
    public static final String JOB_PROGRESS = "job.progress";

    private JobEvents() {
    }
}
