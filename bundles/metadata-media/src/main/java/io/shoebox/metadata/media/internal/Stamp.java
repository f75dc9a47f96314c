package io.shoebox.metadata.media.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date and time as a file states it: the local time, and its UTC offset when the file says it.
 * The parsers here return {@code null} for anything that is not a real date: blanks, zeros
 * ({@code 0000:00:00 00:00:00}), the 31st of February.
 *
 * @param local the local date and time
 * @param offset its UTC offset, or {@code null} when unknown
 */
record Stamp(LocalDateTime local, ZoneOffset offset) {

    /** Years outside this range are taken for garbage, or for an unset clock (1904 and 1970 epochs). */
    private static final int FIRST_YEAR = 1800;
    private static final int LAST_YEAR = 2200;

    /** {@code 2019:01:01 12:34:56} as EXIF writes it, also with {@code -} or {@code /} in the date. */
    private static final Pattern EXIF = Pattern.compile(
            "\\s*(\\d{4})[:\\-/](\\d{1,2})[:\\-/](\\d{1,2})[ T]+(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?.*", Pattern.DOTALL);

    /** ISO 8601 as QuickTime keys and user data write it: {@code 2019-07-24T11:25:40+0300}, also with {@code :} in the date. */
    private static final Pattern ISO = Pattern.compile(
            "\\s*(\\d{4})[-:](\\d{2})[-:](\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?\\s*");

    /** AVI's {@code IDIT}: {@code Mon Sep 10 20:52:00 2012}, the C library's {@code ctime}. */
    private static final Pattern CTIME = Pattern.compile(
            "\\s*[A-Za-z]{3}\\s+([A-Za-z]{3})\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s+(\\d{4}).*", Pattern.DOTALL);

    /** IPTC's {@code DateCreated}: {@code 20190101} as the standard has it, also with separators as some tools write it. */
    private static final Pattern IPTC_DATE = Pattern.compile("\\s*(\\d{4})[:\\-]?(\\d{2})[:\\-]?(\\d{2})\\s*");

    /** IPTC's {@code TimeCreated}: {@code 123456+0200} as the standard has it, the offset optional, also with colons. */
    private static final Pattern IPTC_TIME = Pattern.compile(
            "\\s*(\\d{2}):?(\\d{2}):?(\\d{2})\\s*([+-]\\d{2}:?\\d{2})?\\s*");

    /** {@code +02:00}, {@code +0200}, {@code +02}. */
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2}):?(\\d{2})?");

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3), Map.entry("APR", 4),
            Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8),
            Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));

    /** Seconds from QuickTime's epoch (1904-01-01) to Java's (1970-01-01). */
    private static final long QUICKTIME_EPOCH_OFFSET = 2_082_844_800L;

    /** An EXIF date ({@code DateTimeOriginal}), with an EXIF offset ({@code OffsetTimeOriginal}) if given. */
    static Stamp exif(String dateTime, String offset) {
        if (dateTime == null) {
            return null;
        }
        Matcher m = EXIF.matcher(dateTime);
        if (!m.matches()) {
            return null;
        }
        LocalDateTime local = of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), null);
        return local == null ? null : new Stamp(local, offset(offset));
    }

    /** An ISO 8601 date and time with minutes at least; date-only values say too little. */
    static Stamp iso(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ISO.matcher(text);
        if (!m.matches()) {
            return null;
        }
        LocalDateTime local = of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7));
        return local == null ? null : new Stamp(local, offset(m.group(8)));
    }

    /** IPTC's {@code DateCreated} and {@code TimeCreated}, with the time's offset when it has one; both are needed. */
    static Stamp iptc(String date, String time) {
        if (date == null || time == null) {
            return null;
        }
        Matcher d = IPTC_DATE.matcher(date);
        Matcher t = IPTC_TIME.matcher(time);
        if (!d.matches() || !t.matches()) {
            return null;
        }
        LocalDateTime local = of(d.group(1), d.group(2), d.group(3), t.group(1), t.group(2), t.group(3), null);
        return local == null ? null : new Stamp(local, offset(t.group(4)));
    }

    /** A {@code ctime} date as AVI's {@code IDIT} chunk writes it, or else an EXIF-style one, which some cameras write there. */
    static Stamp aviDate(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = CTIME.matcher(text);
        if (m.matches()) {
            Integer month = MONTHS.get(m.group(1).toUpperCase(Locale.ROOT));
            if (month == null) {
                return null;
            }
            LocalDateTime local = of(m.group(6), month.toString(), m.group(2), m.group(3), m.group(4), m.group(5), null);
            return local == null ? null : new Stamp(local, null);
        }
        return exif(text, null);
    }

    /** A QuickTime movie time: seconds since 1904 in UTC; zero means unset. */
    static Stamp quickTime(long secondsSince1904) {
        if (secondsSince1904 <= 0) {
            return null;
        }
        try {
            LocalDateTime utc = LocalDateTime.ofEpochSecond(secondsSince1904 - QUICKTIME_EPOCH_OFFSET, 0, ZoneOffset.UTC);
            return inRange(utc) ? new Stamp(utc, ZoneOffset.UTC) : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** An offset as EXIF ({@code +02:00}) or ISO 8601 ({@code +0200}, {@code Z}) writes it. */
    static ZoneOffset offset(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.equals("Z")) {
            return ZoneOffset.UTC;
        }
        Matcher m = OFFSET.matcher(t);
        if (!m.matches()) {
            return null;
        }
        int hours = Integer.parseInt(m.group(2));
        int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        int sign = m.group(1).equals("-") ? -1 : 1;
        if (hours > 18 || minutes > 59) {
            return null;
        }
        try {
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDateTime of(String year, String month, String day, String hour, String minute, String second,
            String fraction) {
        try {
            int nanos = 0;
            if (fraction != null) {
                nanos = Integer.parseInt((fraction + "00000000").substring(0, 9));
            }
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day),
                    Integer.parseInt(hour), Integer.parseInt(minute), second == null ? 0 : Integer.parseInt(second), nanos);
            return inRange(local) ? local : null;
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean inRange(LocalDateTime local) {
        return local.getYear() >= FIRST_YEAR && local.getYear() <= LAST_YEAR;
    }
}
