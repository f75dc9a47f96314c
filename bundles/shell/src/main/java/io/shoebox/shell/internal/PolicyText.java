package io.shoebox.shell.internal;

import java.time.ZoneId;
import java.util.List;

import io.shoebox.api.policy.PolicyInfo;

/** Policies, one line each: can it run, when does it run next, how did it go last time. */
final class PolicyText {

    private PolicyText() {
    }

    static String table(List<PolicyInfo> policies, ZoneId zone) {
        TextTable table = new TextTable("NAME", "VALID", "NEXT RUN", "LAST RUN", "LAST OUTCOME", "OVERDUE", "PROBLEMS");
        for (PolicyInfo policy : policies) {
            table.row(policy.name(), policy.valid() ? "yes" : "NO",
                    policy.running() ? "running now" : Formats.time(policy.nextRun(), zone),
                    Formats.time(policy.lastRun(), zone), policy.lastOutcome(),
                    policy.overdue() ? "OVERDUE" : "no",
                    policy.problems().isEmpty() ? "" : String.join("; ", policy.problems()));
        }
        return table.render();
    }
}
