package io.shoebox.rest.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.catalog.ItemQuery.BoundingBox;

/**
 * Reads a catalog search from query parameters: {@code from}, {@code to} (a date or a local date
 * and time; a date {@code to} includes that whole day), {@code camera}, {@code q}, {@code source},
 * {@code folder}, {@code type}, {@code bbox} ({@code south,west,north,east}), {@code offset} and
 * {@code limit}. A bad value is refused naming its parameter.
 */
final class ItemQueries {

    static final int DEFAULT_LIMIT = 50;

    private ItemQueries() {
    }

    static ItemQuery parse(Function<String, String> parameter) {
        LocalDateTime from = time(parameter.apply("from"), "from", false);
        LocalDateTime to = time(parameter.apply("to"), "to", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidConfigurationException("to", "'to' must come after 'from'");
        }
        int offset = number(parameter.apply("offset"), "offset", 0, Integer.MAX_VALUE, 0);
        int limit = number(parameter.apply("limit"), "limit", 1, ItemQuery.MAX_LIMIT, DEFAULT_LIMIT);
        return new ItemQuery(from, to, blankToNull(parameter.apply("camera")), blankToNull(parameter.apply("source")),
                folder(parameter.apply("folder")), blankToNull(parameter.apply("type")), box(parameter.apply("bbox")),
                blankToNull(parameter.apply("q")), offset, limit);
    }

    private static LocalDateTime time(String text, String field, boolean endOfDay) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return endOfDay ? day.plusDays(1).atStartOfDay() : day.atStartOfDay();
            }
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigurationException(field, "'" + field + "' must be a date (2019-06-13) or a local date"
                    + " and time (2019-06-13T21:04:05), not '" + text + "'");
        }
    }

    private static int number(String text, String field, int min, int max, int absent) {
        if (blankToNull(text) == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(field, "'" + field + "' must be a whole number from " + min + " to "
                    + max + ", not '" + text + "'");
        }
    }

    private static BoundingBox box(String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        String[] parts = text.split(",");
        try {
            if (parts.length != 4) {
                throw new IllegalArgumentException("four numbers are needed");
            }
            return new BoundingBox(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()),
                    Double.parseDouble(parts[2].strip()), Double.parseDouble(parts[3].strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("bbox", "'bbox' must be south,west,north,east in degrees ("
                    + (e instanceof NumberFormatException ? "not a number" : e.getMessage()) + "), not '" + text + "'");
        }
    }

    private static String folder(String text) {
        String folder = blankToNull(text);
        if (folder == null) {
            return null;
        }
        folder = folder.replaceAll("^/+|/+$", "");
        return folder.isEmpty() ? null : folder;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
