package io.shoebox.shell.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;

/** Jobs as an operator reads them: one line each in a table, or one job in full. */
final class JobText {

    private static final int ERROR_WIDTH = 60;

    private JobText() {
    }

    static String table(List<JobInfo> jobs, ZoneId zone) {
        TextTable table = new TextTable("ID", "TYPE", "SOURCE -> TARGET", "STATE", "PROGRESS", "STARTED", "ERROR")
                .alignRight(4);
        for (JobInfo job : jobs) {
            table.row(Formats.shortId(job.id()), job.request().type(), route(job.request()), job.state(),
                    Formats.percent(job.progress()), Formats.time(job.startedAt(), zone),
                    Formats.brief(job.error(), ERROR_WIDTH));
        }
        return table.render();
    }

    /** Where a job reads from and writes to: {@code phone -> local}, {@code local -> /srv/restored}. */
    static String route(JobRequest request) {
        if ("restore".equals(request.type())) {
            return request.target() + " -> " + (request.destination() == null ? "?" : request.destination());
        }
        String source = request.source() != null ? request.source()
                : request.policy() != null ? "policy " + request.policy() : null;
        return source == null ? "-> " + orDash(request.target()) : source + " -> " + orDash(request.target());
    }

    static String details(JobInfo job, ZoneId zone) {
        JobRequest request = job.request();
        StringBuilder out = new StringBuilder();
        field(out, "Job", job.id());
        field(out, "Type", request.type());
        field(out, "Policy", request.policy());
        field(out, "Source", request.source());
        field(out, "Target", request.target());
        field(out, "Snapshot", request.snapshot());
        field(out, "Destination", request.destination());
        if (!request.include().isEmpty()) {
            field(out, "Include", String.join(", ", request.include()));
        }
        field(out, "State", job.state().name());
        field(out, "Created", Formats.time(job.createdAt(), zone));
        field(out, "Started", job.startedAt() == null ? null : Formats.time(job.startedAt(), zone));
        field(out, "Finished", job.finishedAt() == null ? null : Formats.time(job.finishedAt(), zone)
                + (job.startedAt() == null ? "" : " (took " + Formats.duration(Duration.between(job.startedAt(), job.finishedAt())) + ")"));
        if (job.progress() != null && job.startedAt() != null) {
            String percent = Formats.percent(job.progress());
            field(out, "Progress", (percent.isEmpty() ? "" : percent + "  ") + Formats.progress(job.progress()));
        }
        field(out, "Error", job.error());
        if (job.result() != null && !job.result().isEmpty()) {
            out.append("Result\n").append(result(job.result()));
        }
        if (job.warnings() != null && !job.warnings().isEmpty()) {
            out.append("Warnings (").append(job.warnings().size()).append(")\n");
            job.warnings().forEach(warning -> out.append("  ").append(warning).append('\n'));
        }
        return out.toString();
    }

    /** A finished job's figures, one per line; byte counts in readable units. */
    static String result(Map<String, Object> result) {
        int width = result.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        result.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            out.append("  ").append(key).append(" ".repeat(width - key.length() + 2))
                    .append(key.startsWith("bytes") && value instanceof Number n ? Formats.size(n.longValue()) : value)
                    .append('\n');
        });
        return out.toString();
    }

    /** One line on a job that has just ended, for {@code --wait}. */
    static String ending(JobInfo job) {
        String took = job.startedAt() == null || job.finishedAt() == null ? ""
                : " after " + Formats.duration(Duration.between(job.startedAt(), job.finishedAt()));
        String state = switch (job.state()) {
            case SUCCEEDED -> "Succeeded";
            case SUCCEEDED_WITH_WARNINGS -> "Succeeded with " + job.warnings().size() + " warning(s)";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            default -> job.state().name();
        };
        return state + took + (job.error() == null ? "" : ": " + job.error());
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append(name).append(" ".repeat(Math.max(1, 12 - name.length()))).append(value).append('\n');
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
