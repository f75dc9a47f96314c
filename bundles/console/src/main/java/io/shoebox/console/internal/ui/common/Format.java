package io.shoebox.console.internal.ui.common;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers, sizes and times as people read them. */
public final class Format {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Format() {
    }

    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    public static String time(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** "3 min ago", "2 days ago". */
    public static String age(Instant instant) {
        if (instant == null) {
            return "never";
        }
        return duration(Duration.between(instant, Instant.now())) + " ago";
    }

    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
        }
        long days = seconds / 86_400;
        return days + (days == 1 ? " day" : " days");
    }
}
