package io.shoebox.api.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A policy as the server sees it.
 *
 * @param name the policy's name
 * @param config its settings, secrets excluded
 * @param valid whether it can run; an invalid policy never runs and says why in {@code problems}
 * @param problems what is wrong with it, each naming the setting at fault
 * @param running whether a run is under way
 * @param lastRun when its last run started, or {@code null}
 * @param lastOutcome {@code SUCCEEDED}, {@code SUCCEEDED_WITH_WARNINGS}, {@code FAILED} or {@code CANCELLED}
 *     for the last finished run, or {@code null}
 * @param lastSuccess when a run last succeeded on every target, or {@code null}
 * @param nextRun when the schedule runs it next, or {@code null} when it has no schedule
 * @param overdue whether a scheduled run should have succeeded by now and has not
 */
public record PolicyInfo(
        String name,
        Map<String, Object> config,
        boolean valid,
        List<String> problems,
        boolean running,
        Instant lastRun,
        String lastOutcome,
        Instant lastSuccess,
        Instant nextRun,
        boolean overdue) {

    public PolicyInfo {
        config = config == null ? Map.of() : Map.copyOf(config);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
