package io.shoebox.engine.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

    @Test
    void five_fields_are_unix_cron_in_the_policy_time_zone() {
        CronSchedule nightly = CronSchedule.parse("30 2 * * *", LISBON);
        ZonedDateTime next = nightly.nextAfter(ZonedDateTime.parse("2026-07-01T12:00:00Z")).orElseThrow();
        assertThat(next.toInstant()).hasToString("2026-07-02T01:30:00Z"); // 02:30 in Lisbon summer time
    }

    @Test
    void six_fields_put_seconds_first() {
        CronSchedule often = CronSchedule.parse("*/5 * * * * *", ZoneId.of("UTC"));
        assertThat(often.nextAfter(ZonedDateTime.parse("2026-01-01T00:00:01Z")).orElseThrow().toInstant())
                .hasToString("2026-01-01T00:00:05Z");
    }

    @Test
    void the_last_time_at_or_before_includes_an_exact_hit() {
        CronSchedule hourly = CronSchedule.parse("0 * * * *", ZoneId.of("UTC"));
        assertThat(hourly.lastAtOrBefore(ZonedDateTime.parse("2026-01-01T05:00:00Z")).orElseThrow().toInstant())
                .hasToString("2026-01-01T05:00:00Z");
        assertThat(hourly.lastAtOrBefore(ZonedDateTime.parse("2026-01-01T05:59:59Z")).orElseThrow().toInstant())
                .hasToString("2026-01-01T05:00:00Z");
    }

    @Test
    void a_wrong_expression_is_refused_with_the_reason() {
        assertThatThrownBy(() -> CronSchedule.parse("every night", LISBON)).hasMessageContaining("not a valid cron expression")
                .hasMessageContaining("2 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 2 * * *", LISBON)).hasMessageContaining("not a valid cron expression");
    }
}
