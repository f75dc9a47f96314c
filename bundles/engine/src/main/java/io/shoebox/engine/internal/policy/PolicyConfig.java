package io.shoebox.engine.internal.policy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of a policy, as forms and documentation show them. */
@ObjectClassDefinition(name = "Backup policy",
        description = "Which sources go to which targets, when, what is taken and what is kept.")
@interface PolicyConfig {

    @AttributeDefinition(name = "Sources", description = "Names of the sources to back up.")
    String[] sources();

    @AttributeDefinition(name = "Targets", description = "Names of the targets to back up to; several for 3-2-1.")
    String[] targets();

    @AttributeDefinition(name = "Schedule", required = false, description = "Cron expression: 5 fields (minute hour day"
            + " month weekday, e.g. '30 2 * * *' for 02:30 daily) or 6 with seconds first. Empty: only when run by hand.")
    String schedule();

    @AttributeDefinition(name = "Time zone", required = false,
            description = "Time zone of the schedule and of retention's days and months, e.g. Europe/Lisbon. Default: the server's.")
    String timeZone();

    @AttributeDefinition(name = "Enabled", description = "Whether the schedule runs the policy.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Catch up", description = "Run once at start when a scheduled run was missed while the"
            + " server was down.")
    boolean catchUp() default true;

    @AttributeDefinition(name = "Include", required = false,
            description = "Globs of files to take, e.g. 'DCIM/**' or '*.heic'; all files when empty.")
    String[] include();

    @AttributeDefinition(name = "Exclude", required = false, description = "Globs of files to leave out, e.g. '*.tmp'.")
    String[] exclude();

    @AttributeDefinition(name = "Media types", required = false,
            description = "Take only these media types or families, e.g. 'image', 'video', 'image/heic'.")
    String[] mediaTypes();

    @AttributeDefinition(name = "Minimum size", required = false, description = "Smallest file taken, in bytes.")
    long minSize();

    @AttributeDefinition(name = "Maximum size", required = false, description = "Largest file taken, in bytes; 0 for no limit.")
    long maxSize();

    @AttributeDefinition(name = "Keep last", required = false, description = "Keep the newest n snapshots.")
    int keepLast();

    @AttributeDefinition(name = "Keep hourly", required = false, description = "Keep the newest snapshot of each of the last n hours.")
    int keepHourly();

    @AttributeDefinition(name = "Keep daily", required = false, description = "Keep the newest snapshot of each of the last n days.")
    int keepDaily();

    @AttributeDefinition(name = "Keep weekly", required = false, description = "Keep the newest snapshot of each of the last n weeks.")
    int keepWeekly();

    @AttributeDefinition(name = "Keep monthly", required = false, description = "Keep the newest snapshot of each of the last n months.")
    int keepMonthly();

    @AttributeDefinition(name = "Keep yearly", required = false, description = "Keep the newest snapshot of each of the last n years.")
    int keepYearly();

    @AttributeDefinition(name = "Verify (percent read)", required = false,
            description = "After each run, check the repository and re-read this percentage of its data.")
    int verifyReadPercent() default 0;

    @AttributeDefinition(name = "Full check schedule", required = false,
            description = "Cron expression for a check that re-reads all data, e.g. '0 4 1 * *' monthly.")
    String checkSchedule();

    @AttributeDefinition(name = "Upload limit (KiB/s)", required = false, description = "Cap on the upload rate; 0 for none.")
    long uploadLimitKiBps() default 0;

    @AttributeDefinition(name = "Retries", required = false,
            description = "How often a failed backup is retried, with growing pauses, when a target is unavailable or fails.")
    int retryAttempts() default 3;

    @AttributeDefinition(name = "First retry pause (s)", required = false, description = "Pause before the first retry; doubled each time.")
    int retryDelaySeconds() default 60;

    @AttributeDefinition(name = "Overdue after (min)", required = false,
            description = "A scheduled run that has not succeeded this long after its time is reported overdue.")
    int overdueAfterMinutes() default 120;

    @AttributeDefinition(name = "Selection rules", required = false,
            description = "Names of selection rules to apply; 'standard' reads include, exclude, media types and sizes.")
    String[] selectionRules();

    @AttributeDefinition(name = "Retention rules", required = false,
            description = "Names of retention rules to apply; 'standard' reads the keep settings.")
    String[] retentionRules();
}
