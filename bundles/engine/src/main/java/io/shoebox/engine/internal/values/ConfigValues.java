package io.shoebox.engine.internal.values;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converter;
import org.osgi.util.converter.Converters;
import org.osgi.util.converter.TypeReference;

/** Reading settings the way Config Admin, JSON files and the REST API hand them over. */
public final class ConfigValues {

    /** Names of targets, sources and policies: they become parts of PIDs and file names. */
    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What {@link #NAME} allows, in words. */
    public static final String NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** Settings arrive as strings, arrays, lists or numbers, from Config Admin, JSON files and REST alike. */
    private static final Converter CONVERTER = Converters.standardConverter();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private ConfigValues() {
    }

    /**
     * A list of names from a {@code String[]}, a collection, a single value or a comma-separated string;
     * blanks dropped.
     */
    public static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        for (String item : CONVERTER.convert(value).defaultValue(List.of()).to(STRINGS)) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.strip());
                }
            }
        }
        return result;
    }

    /**
     * A number of the given type from a number or its text.
     *
     * @throws IllegalArgumentException when the value is not such a number
     */
    public static <N extends Number> N number(Object value, Class<N> type) {
        try {
            return CONVERTER.convert(value instanceof String text ? text.strip() : value).to(type);
        } catch (ConversionException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number", e);
        }
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
