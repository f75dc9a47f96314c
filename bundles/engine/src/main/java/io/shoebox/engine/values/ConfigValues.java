package io.shoebox.engine.values;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reading settings the way Config Admin, JSON files and the REST API hand them over. */
public final class ConfigValues {

    /** Names of targets, sources and policies: they become parts of PIDs and file names. */
    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What {@link #NAME} allows, in words. */
    public static final String NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private ConfigValues() {
    }

    /** A list of strings from a {@code String[]}, a collection or a comma-separated string; blanks dropped. */
    public static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String[] array) {
            result.addAll(List.of(array));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> result.add(String.valueOf(item)));
        } else if (value != null) {
            for (String part : value.toString().split(",")) {
                result.add(part);
            }
        }
        result.replaceAll(String::strip);
        result.removeIf(String::isEmpty);
        return result;
    }

    /**
     * A time zone by its id ({@code Europe/Lisbon}, {@code UTC}, {@code +02:00}); blank means the
     * server's own.
     *
     * @throws IllegalArgumentException naming the value when it is no time zone
     */
    public static ZoneId zone(Object value) {
        if (value == null || value.toString().isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(value.toString().strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a time zone (use an id such as Europe/Lisbon or UTC)");
        }
    }
}
