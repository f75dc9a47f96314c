package io.shoebox.notifications.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.service.event.Event;
import org.osgi.util.converter.Converters;
import org.osgi.util.converter.TypeReference;

import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobState;
import io.shoebox.api.policy.PolicyEvents;

/**
 * Turns the server's events into notices. A job's state event carries only its id and state, so
 * the job itself is looked up at once, while the job service still remembers it.
 */
final class Notices {

    /** Topics a notifier listens to. */
    static final String[] TOPICS = {JobEvents.TOPIC_STATE, PolicyEvents.TOPIC_PREFIX + "*"};

    private final Function<String, Optional<JobInfo>> jobs;
    private final String host;
    private final Clock clock;

    Notices(Function<String, Optional<JobInfo>> jobs, String host, Clock clock) {
        this.jobs = jobs;
        this.host = host;
        this.clock = clock;
    }

    /**
     * The notice an event makes, or empty when it is no news: progress, a job starting, a job
     * cancelled (stopped on purpose, by someone who knows).
     */
    Optional<Notice> of(Event event) {
        String topic = event.getTopic();
        if (JobEvents.TOPIC_STATE.equals(topic)) {
            return ofJob(event);
        }
        String policy = string(event, PolicyEvents.POLICY);
        List<String> targets = strings(event, PolicyEvents.TARGETS);
        List<String> jobIds = strings(event, PolicyEvents.JOBS);
        String error = string(event, PolicyEvents.ERROR);
        return switch (topic) {
            case PolicyEvents.TOPIC_RUN_FINISHED -> {
                String outcome = string(event, PolicyEvents.OUTCOME);
                NoticeEvent kind = JobState.FAILED.name().equals(outcome) ? NoticeEvent.POLICY_FAILED
                        : JobState.SUCCEEDED.name().equals(outcome) ? NoticeEvent.POLICY_SUCCEEDED
                        : JobState.SUCCEEDED_WITH_WARNINGS.name().equals(outcome) ? NoticeEvent.POLICY_WARNINGS : null;
                yield Optional.ofNullable(kind).map(k -> new Notice(k, policy, null, null, null, null, outcome, error,
                        clock.instant(), host, targets, jobIds));
            }
            case PolicyEvents.TOPIC_OVERDUE -> Optional.of(new Notice(NoticeEvent.POLICY_OVERDUE, policy, null, null,
                    null, null, null, error, clock.instant(), host, targets, jobIds));
            case PolicyEvents.TOPIC_INVALID -> Optional.of(new Notice(NoticeEvent.POLICY_INVALID, policy, null, null,
                    null, null, null, error, clock.instant(), host, targets, jobIds));
            default -> Optional.empty();
        };
    }

    private Optional<Notice> ofJob(Event event) {
        String state = string(event, JobEvents.JOB_STATE);
        NoticeEvent kind = JobState.FAILED.name().equals(state) ? NoticeEvent.JOB_FAILED
                : JobState.SUCCEEDED.name().equals(state) ? NoticeEvent.JOB_SUCCEEDED
                : JobState.SUCCEEDED_WITH_WARNINGS.name().equals(state) ? NoticeEvent.JOB_WARNINGS : null;
        String id = string(event, JobEvents.JOB_ID);
        if (kind == null || id == null) {
            return Optional.empty();
        }
        Optional<JobInfo> job = jobs.apply(id);
        if (job.isEmpty()) {
            // Forgotten already (the job history is bounded): still worth telling, with what is known.
            return kind == NoticeEvent.JOB_FAILED
                    ? Optional.of(new Notice(kind, null, id, null, null, null, state, null, clock.instant(), host, null, null))
                    : Optional.empty();
        }
        JobInfo info = job.get();
        return Optional.of(new Notice(kind, info.request().policy(), id, info.request().type(), info.request().source(),
                info.request().target(), state, info.error(), clock.instant(), host, null, null));
    }

    private static String string(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? null : value.toString();
    }

    private static List<String> strings(Event event, String property) {
        return Converters.standardConverter().convert(event.getProperty(property)).defaultValue(List.of())
                .to(new TypeReference<List<String>>() {
                });
    }

    /** This server's name, as receivers of several servers' notices need it. */
    static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
