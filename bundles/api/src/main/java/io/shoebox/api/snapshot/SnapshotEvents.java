package io.shoebox.api.snapshot;

/**
 * Event Admin topic on which the server says that the snapshots of a target changed: a backup,
 * copy, prune or repair ended there (successfully or not: even a failed backup may have written a
 * checkpoint). Readers that keep what snapshots hold (the catalog, a console) listen to it instead of
 * knowing which jobs change snapshots.
 */
public final class SnapshotEvents {

    /** Topic of a change of a target's snapshots. */
    public static final String TOPIC_CHANGED = "shoebox/snapshot/CHANGED";

    /** Event property: the target's name. */
    public static final String TARGET = "target";

    /** Event property: the id of the job that changed them. */
    public static final String JOB_ID = "job.id";

    private SnapshotEvents() {
    }
}
