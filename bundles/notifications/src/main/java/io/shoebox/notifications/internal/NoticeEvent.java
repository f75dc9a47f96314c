package io.shoebox.notifications.internal;

/** What a notice is about; its wire name is the {@code event} field of the webhook's JSON. */
enum NoticeEvent {
    JOB_FAILED("job.failed", Occasion.FAILURE),
    JOB_SUCCEEDED("job.succeeded", Occasion.SUCCESS),
    /** A job that did its work but left something out (a file it could not read): bad news to act on. */
    JOB_WARNINGS("job.warnings", Occasion.FAILURE),
    POLICY_FAILED("policy.failed", Occasion.FAILURE),
    POLICY_SUCCEEDED("policy.succeeded", Occasion.SUCCESS),
    POLICY_WARNINGS("policy.warnings", Occasion.FAILURE),
    POLICY_OVERDUE("policy.overdue", Occasion.OVERDUE),
    /** A policy that was rejected will never run, which is as bad as a failed backup. */
    POLICY_INVALID("policy.invalid", Occasion.FAILURE);

    /** The switches of a webhook: which kinds of news it wants. */
    enum Occasion {
        FAILURE, SUCCESS, OVERDUE
    }

    private final String wireName;
    private final Occasion occasion;

    NoticeEvent(String wireName, Occasion occasion) {
        this.wireName = wireName;
        this.occasion = occasion;
    }

    String wireName() {
        return wireName;
    }

    Occasion occasion() {
        return occasion;
    }
}
