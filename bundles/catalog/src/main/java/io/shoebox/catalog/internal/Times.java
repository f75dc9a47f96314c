package io.shoebox.catalog.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How times are stored: instants as micro-seconds since the epoch, and dates taken as a rank that
 * sorts newest first with unknown dates last, so that one ascending index serves the search order
 * on every database.
 */
final class Times {

    /** The rank of an item without a date taken: after every dated one. */
    static final long NO_DATE_RANK = Long.MAX_VALUE;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private Times() {
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1000L);
    }

    /** A date taken worth keeping: years 1 to 9999 (EXIF in the wild holds anything). */
    static LocalDateTime plausible(LocalDateTime takenAt) {
        return takenAt == null || takenAt.getYear() < 1 || takenAt.getYear() > 9999 ? null : takenAt;
    }

    static long takenRank(LocalDateTime takenAt) {
        return takenAt == null ? NO_DATE_RANK : -micros(takenAt.toInstant(ZoneOffset.UTC));
    }

    static LocalDateTime takenAt(long rank) {
        return rank == NO_DATE_RANK ? null : LocalDateTime.ofInstant(instant(-rank), ZoneOffset.UTC);
    }

    /** Year * 100 + month, or 0 without a date. */
    static int takenMonth(LocalDateTime takenAt) {
        return takenAt == null ? 0 : takenAt.getYear() * 100 + takenAt.getMonthValue();
    }
}
