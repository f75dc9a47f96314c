package io.shoebox.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.policy.PolicyInfo;

class PolicyTextTest {

    @Test
    void a_policy_line_tells_whether_it_can_run_when_it_runs_next_and_how_it_went() {
        Instant last = Instant.parse("2026-03-01T03:00:00Z");
        PolicyInfo nightly = new PolicyInfo("nightly", Map.of(), true, List.of(), false, last, "FAILED", null,
                last.plusSeconds(86_400), true);
        PolicyInfo broken = new PolicyInfo("broken", Map.of(), false, List.of("targets: no target 'nas'"), false,
                null, null, null, null, false);
        PolicyInfo busy = new PolicyInfo("hourly", Map.of(), true, List.of(), true, last, "SUCCEEDED", last, null, false);

        assertThat(PolicyText.table(List.of(nightly, broken, busy), ZoneOffset.UTC).lines()).containsExactly(
                "NAME     VALID  NEXT RUN             LAST RUN             LAST OUTCOME  OVERDUE  PROBLEMS",
                "nightly  yes    2026-03-02 03:00:00  2026-03-01 03:00:00  FAILED        OVERDUE",
                "broken   NO     -                    -                    -             no       targets: no target 'nas'",
                "hourly   yes    running now          2026-03-01 03:00:00  SUCCEEDED     no");
    }
}
