package io.shoebox.api.job;

/**
 * Life of a job: queued, running, then exactly one of the final states. A job that did its work but
 * met problems along the way (a file that could not be read, a file whose data could not be
 * restored) ends {@link #SUCCEEDED_WITH_WARNINGS}, and its warnings name each one.
 */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, SUCCEEDED_WITH_WARNINGS, FAILED, CANCELLED;

    /** Whether the job has ended. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Whether the job ended having done its work, with or without warnings. */
    public boolean isSuccess() {
        return this == SUCCEEDED || this == SUCCEEDED_WITH_WARNINGS;
    }
}
