package io.shoebox.metadata.media.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date and time that cameras, phones and apps put in the names of the files they write, the last
 * resort when the content tells nothing:
 *
 * <ul>
 *   <li>{@code IMG_20190101_123456.jpg}, {@code VID_20190101_123456.mp4}, {@code 20190101_123456.jpg},
 *       {@code Screenshot_20190101-123456.png}, {@code MVIMG_20190101_123456.jpg} (Android cameras, local time);
 *   <li>{@code PXL_20190101_123456789.jpg} (Google Pixel, with milliseconds; Pixel phones name files in UTC);
 *   <li>{@code Screenshot 2019-01-01 at 12.34.56.png} (macOS, also with {@code AM}/{@code PM}) and
 *       {@code 2019-01-01 12.34.56.jpg} (Dropbox camera uploads), local time.
 * </ul>
 */
final class FileNameDates {

    /** {@code yyyyMMdd_HHmmss} or {@code yyyyMMdd-HHmmss}, optionally with milliseconds, not inside a longer number. */
    private static final Pattern COMPACT = Pattern.compile(
            "(?<![0-9])(\\d{4})(\\d{2})(\\d{2})[_-](\\d{2})(\\d{2})(\\d{2})(\\d{3})?(?![0-9])");

    /** {@code yyyy-MM-dd at HH.mm.ss} or {@code yyyy-MM-dd HH.mm.ss}, optionally with {@code AM} or {@code PM}. */
    private static final Pattern DOTTED = Pattern.compile(
            "(?<![0-9])(\\d{4})-(\\d{2})-(\\d{2})(?: at |[ _])(\\d{1,2})\\.(\\d{2})\\.(\\d{2})(?:\\s?([AaPp][Mm]))?(?![0-9])");

    private FileNameDates() {
    }

    /** The date in {@code fileName} (a name or a path), or {@code null}. */
    static Stamp parse(String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        Matcher compact = COMPACT.matcher(name);
        if (compact.find()) {
            int millis = compact.group(7) == null ? 0 : Integer.parseInt(compact.group(7));
            LocalDateTime local = of(compact.group(1), compact.group(2), compact.group(3), compact.group(4),
                    compact.group(5), compact.group(6), millis);
            if (local != null) {
                boolean pixel = name.regionMatches(true, 0, "PXL_", 0, 4);
                return new Stamp(local, pixel ? ZoneOffset.UTC : null);
            }
        }
        Matcher dotted = DOTTED.matcher(name);
        if (dotted.find()) {
            int hour = Integer.parseInt(dotted.group(4));
            String half = dotted.group(7);
            if (half != null) {
                if (hour < 1 || hour > 12) {
                    return null;
                }
                hour = hour % 12 + (half.equalsIgnoreCase("PM") ? 12 : 0);
            }
            LocalDateTime local = of(dotted.group(1), dotted.group(2), dotted.group(3), Integer.toString(hour),
                    dotted.group(5), dotted.group(6), 0);
            if (local != null) {
                return new Stamp(local, null);
            }
        }
        return null;
    }

    private static LocalDateTime of(String year, String month, String day, String hour, String minute, String second,
            int millis) {
        int y = Integer.parseInt(year);
        if (y < 1990 || y > 2100) {
            return null; // a counter or a serial number that happens to have eight digits
        }
        try {
            return LocalDateTime.of(y, Integer.parseInt(month), Integer.parseInt(day), Integer.parseInt(hour),
                    Integer.parseInt(minute), Integer.parseInt(second), millis * 1_000_000);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
