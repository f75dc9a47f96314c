package io.shoebox.policy.standard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.shoebox.api.policy.SnapshotSummary;

class StandardRetentionTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private final StandardRetention retention = new StandardRetention();

    /** One snapshot a day at 03:00 for the given number of days, ending 2026-03-31, oldest first. */
    private static List<SnapshotSummary> daily(int days) {
        List<SnapshotSummary> snapshots = new ArrayList<>();
        Instant last = Instant.parse("2026-03-31T03:00:00Z");
        for (int i = days - 1; i >= 0; i--) {
            Instant time = last.minusSeconds(86_400L * i);
            snapshots.add(new SnapshotSummary(time.toString(), time, "photos", false));
        }
        return snapshots;
    }

    @Test
    void keep_last_keeps_the_newest_n() {
        Set<String> kept = retention.keep(daily(10), Map.of("keepLast", 3), UTC);
        assertThat(kept).containsExactlyInAnyOrder("2026-03-31T03:00:00Z", "2026-03-30T03:00:00Z", "2026-03-29T03:00:00Z");
    }

    @Test
    void keep_daily_keeps_the_newest_snapshot_of_each_of_the_last_n_days() {
        List<SnapshotSummary> snapshots = new ArrayList<>(daily(5));
        Instant laterSameDay = Instant.parse("2026-03-31T18:00:00Z");
        snapshots.add(new SnapshotSummary("evening", laterSameDay, "photos", false));
        Set<String> kept = retention.keep(snapshots, Map.of("keepDaily", 2), UTC);
        assertThat(kept).containsExactlyInAnyOrder("evening", "2026-03-30T03:00:00Z");
    }

    @Test
    void keep_monthly_and_yearly_keep_the_newest_of_each_period() {
        Set<String> kept = retention.keep(daily(120), Map.of("keepMonthly", 3), UTC);
        assertThat(kept).containsExactlyInAnyOrder("2026-03-31T03:00:00Z", "2026-02-28T03:00:00Z", "2026-01-31T03:00:00Z");
        assertThat(retention.keep(daily(120), Map.of("keepYearly", 5), UTC))
                .containsExactlyInAnyOrder("2026-03-31T03:00:00Z", "2025-12-31T03:00:00Z");
    }

    @Test
    void keep_weekly_counts_iso_weeks() {
        Set<String> kept = retention.keep(daily(21), Map.of("keepWeekly", 2), UTC);
        // 2026-03-31 is a Tuesday: its week began on Monday the 30th; the week before ended on Sunday the 29th.
        assertThat(kept).containsExactlyInAnyOrder("2026-03-31T03:00:00Z", "2026-03-29T03:00:00Z");
    }

    @Test
    void rules_combine_and_a_snapshot_kept_by_any_rule_stays() {
        Set<String> kept = retention.keep(daily(40), Map.of("keepLast", 2, "keepMonthly", 2), UTC);
        assertThat(kept).containsExactlyInAnyOrder("2026-03-31T03:00:00Z", "2026-03-30T03:00:00Z", "2026-02-28T03:00:00Z");
    }

    @Test
    void the_latest_snapshot_is_never_forgotten_even_when_no_rule_keeps_anything() {
        assertThat(retention.keep(daily(3), Map.of("keepLast", 0), UTC)).containsExactly("2026-03-31T03:00:00Z");
    }

    @Test
    void without_settings_every_snapshot_is_kept() {
        assertThat(retention.keep(daily(5), Map.of("exclude", "*.tmp"), UTC)).hasSize(5);
    }

    @Test
    void settings_that_keep_nothing_or_are_not_numbers_are_reported() {
        assertThat(retention.validate(Map.of())).isEmpty();
        assertThat(retention.validate(Map.of("keepDaily", 7))).isEmpty();
        assertThat(retention.validate(Map.of("keepLast", 0, "keepDaily", 0))).singleElement().asString()
                .contains("keeps nothing");
        assertThat(retention.validate(Map.of("keepDaily", "often"))).singleElement().asString().contains("keepDaily");
        assertThat(retention.validate(Map.of("keepWeekly", -1))).singleElement().asString().contains("keepWeekly");
    }

    @Test
    void old_checkpoints_go_but_a_newest_checkpoint_stays() {
        List<SnapshotSummary> snapshots = new ArrayList<>(daily(3));
        snapshots.add(new SnapshotSummary("old-checkpoint", Instant.parse("2026-03-29T05:00:00Z"), "photos", true));
        snapshots.add(new SnapshotSummary("running", Instant.parse("2026-04-01T03:00:00Z"), "photos", true));
        Set<String> kept = retention.keep(snapshots, Map.of("keepLast", 10), UTC);
        assertThat(kept).contains("running").doesNotContain("old-checkpoint");
    }
}
