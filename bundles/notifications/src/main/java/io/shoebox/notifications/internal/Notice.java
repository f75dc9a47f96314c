package io.shoebox.notifications.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One piece of news for operators, with everything a receiver needs to act on it without calling
 * back: which job or policy, what it was doing, how it ended and on which server.
 *
 * @param event what happened
 * @param policy the policy concerned, or that started the job; {@code null} for a job started by hand
 * @param jobId the job, {@code null} for a policy event
 * @param type the job's type ({@code backup}, {@code check}, {@code prune}, {@code copy})
 * @param source the job's source, or {@code null}
 * @param target the job's target, or {@code null}
 * @param state the job's final state or the policy run's outcome, or {@code null}
 * @param error what went wrong, or {@code null}
 * @param time when the server saw it happen
 * @param host the server's host name
 * @param targets the targets a policy event concerns
 * @param jobs the jobs of a policy run
 */
record Notice(NoticeEvent event, String policy, String jobId, String type, String source, String target,
        String state, String error, Instant time, String host, List<String> targets, List<String> jobs) {

    Notice {
        targets = targets == null ? List.of() : List.copyOf(targets);
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /** What happened in one sentence, as the log writes it. */
    String summary() {
        String subject = switch (event) {
            case JOB_FAILED, JOB_SUCCEEDED, JOB_WARNINGS -> (type == null ? "" : type + " ") + "job " + jobId
                    + (source == null ? "" : " of " + source) + (target == null ? "" : " to " + target)
                    + (policy == null ? "" : " (policy " + policy + ")");
            default -> "policy " + policy;
        };
        String what = switch (event) {
            case JOB_FAILED, POLICY_FAILED -> "failed";
            case JOB_SUCCEEDED, POLICY_SUCCEEDED -> "succeeded";
            case JOB_WARNINGS, POLICY_WARNINGS -> "succeeded with warnings";
            case POLICY_OVERDUE -> "is overdue: no successful run when one was due";
            case POLICY_INVALID -> "is invalid and will not run";
        };
        return subject + " " + what + (error == null ? "" : ": " + error);
    }

    /** The summary with the server's name: the {@code text} field that chat webhooks (Slack, Mattermost) show. */
    String text() {
        return "Shoebox on " + host + ": " + summary();
    }

    /** The webhook's JSON body, every field present (null when unknown) so receivers can rely on the shape. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", event.wireName());
        json.put("policy", policy);
        json.put("jobId", jobId);
        json.put("type", type);
        json.put("source", source);
        json.put("target", target);
        json.put("state", state);
        json.put("error", error);
        json.put("time", time.toString());
        json.put("host", host);
        json.put("targets", targets);
        json.put("jobs", jobs);
        json.put("text", text());
        return json;
    }
}
