package io.shoebox.api.policy;

/** Event Admin topics under which policies report, for notifications and live views. */
public final class PolicyEvents {

    /** Topic prefix; subscribe to {@code shoebox/policy/*} for all policy events. */
    public static final String TOPIC_PREFIX = "shoebox/policy/";
    /** A run ended; carries {@link #OUTCOME} and, on failure, {@link #ERROR}. */
    public static final String TOPIC_RUN_FINISHED = TOPIC_PREFIX + "RUN_FINISHED";
    /** A scheduled run should have succeeded by now and has not. */
    public static final String TOPIC_OVERDUE = TOPIC_PREFIX + "OVERDUE";
    /** A policy configuration was rejected; carries {@link #ERROR}. */
    public static final String TOPIC_INVALID = TOPIC_PREFIX + "INVALID";

    /** Event property: the policy name. */
    public static final String POLICY = "policy";
    /** Event property: {@code SUCCEEDED}, {@code SUCCEEDED_WITH_WARNINGS}, {@code FAILED} or {@code CANCELLED}. */
    public static final String OUTCOME = "outcome";
    /** Event property: what went wrong, in words. */
    public static final String ERROR = "error";
    /** Event property: the targets the event concerns, as a {@code String[]}. */
    public static final String TARGETS = "targets";
    /** Event property: the ids of the jobs of the run, as a {@code String[]}. */
    public static final String JOBS = "jobs";

    private PolicyEvents() {
    }
}
