package io.shoebox.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.shoebox.api.job.JobProgress;

/** How the commands write sizes, times, durations and progress: short, and the same everywhere. */
final class Formats {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final int SHORT_ID_LENGTH = 8;

    private Formats() {
    }

    /** {@code 0 B}, {@code 512 B}, {@code 1.5 KiB}, {@code 71.5 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** Local date and time to the second, {@code -} when there is none. */
    static String time(Instant instant, ZoneId zone) {
        return instant == null ? "-" : TIME.format(instant.atZone(zone));
    }

    /** {@code 850 ms}, {@code 12 s}, {@code 3 min 05 s}, {@code 2 h 04 min}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /**
     * How far a job has got, in whole percent: by bytes when their total is known (files differ
     * too much in size for a count to tell), else by files; empty while nothing is known.
     */
    static String percent(JobProgress progress) {
        if (progress == null) {
            return "";
        }
        long done;
        long total;
        if (progress.bytesTotal() > 0) {
            done = progress.bytesDone();
            total = progress.bytesTotal();
        } else if (progress.filesTotal() > 0) {
            done = progress.filesDone();
            total = progress.filesTotal();
        } else {
            return "";
        }
        return Math.min(100, done * 100 / total) + "%";
    }

    /** {@code 3/24 files, 8.6 MiB of 71.5 MiB}; totals still being counted show as {@code ?}. */
    static String progress(JobProgress progress) {
        String files = progress.filesDone() + "/" + (progress.filesTotal() < 0 ? "?" : progress.filesTotal()) + " files";
        if (progress.bytesDone() == 0 && progress.bytesTotal() <= 0) {
            return files;
        }
        return files + ", " + size(progress.bytesDone()) + " of "
                + (progress.bytesTotal() < 0 ? "?" : size(progress.bytesTotal()));
    }

    /** The first characters of an id, enough to tell jobs and snapshots apart on one server. */
    static String shortId(String id) {
        return id == null ? "-" : id.substring(0, Math.min(SHORT_ID_LENGTH, id.length()));
    }

    /** The first line of a message, cut to {@code max} characters, for a table cell. */
    static String brief(String message, int max) {
        if (message == null || message.isBlank()) {
            return "-";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
