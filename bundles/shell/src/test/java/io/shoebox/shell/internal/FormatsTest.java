package io.shoebox.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.shoebox.api.job.JobProgress;

class FormatsTest {

    @Test
    void sizes_are_written_in_binary_units_with_one_decimal() {
        assertThat(Formats.size(0)).isEqualTo("0 B");
        assertThat(Formats.size(1023)).isEqualTo("1023 B");
        assertThat(Formats.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.size(75_000_000)).isEqualTo("71.5 MiB");
        assertThat(Formats.size(3L << 40)).isEqualTo("3.0 TiB");
    }

    @Test
    void durations_grow_their_unit_with_their_length() {
        assertThat(Formats.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Formats.duration(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(Formats.duration(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(Formats.duration(Duration.ofMinutes(124))).isEqualTo("2 h 04 min");
    }

    @Test
    void times_are_local_to_the_second_and_a_missing_time_is_a_dash() {
        Instant instant = Instant.parse("2026-03-01T02:03:04.567Z");
        assertThat(Formats.time(instant, ZoneOffset.ofHours(1))).isEqualTo("2026-03-01 03:03:04");
        assertThat(Formats.time(null, ZoneOffset.UTC)).isEqualTo("-");
    }

    @Test
    void percent_follows_bytes_when_their_total_is_known_and_files_otherwise() {
        assertThat(Formats.percent(new JobProgress(1, 4, 900, 1000))).isEqualTo("90%");
        assertThat(Formats.percent(new JobProgress(1, 4, 0, -1))).isEqualTo("25%");
        assertThat(Formats.percent(JobProgress.NONE)).isEmpty();
        assertThat(Formats.percent(new JobProgress(5, 4, 0, -1))).as("never above 100").isEqualTo("100%");
    }

    @Test
    void progress_shows_unknown_totals_as_question_marks() {
        assertThat(Formats.progress(new JobProgress(3, -1, 2048, -1))).isEqualTo("3/? files, 2.0 KiB of ?");
        assertThat(Formats.progress(new JobProgress(3, 24, 0, -1))).isEqualTo("3/24 files");
    }

    @Test
    void a_long_message_is_cut_to_its_first_line_and_the_width_given() {
        assertThat(Formats.brief("disk full\nat line 3", 60)).isEqualTo("disk full");
        assertThat(Formats.brief("x".repeat(100), 10)).isEqualTo("xxxxxxx...").hasSize(10);
        assertThat(Formats.brief(null, 10)).isEqualTo("-");
    }

    @Test
    void ids_are_shortened_to_eight_characters() {
        assertThat(Formats.shortId("3f2a9c1e-0d5b-4e7a-9b44-1c2d3e4f5a6b")).isEqualTo("3f2a9c1e");
        assertThat(Formats.shortId("abc")).isEqualTo("abc");
    }
}
