package io.shoebox.engine.internal.jobs;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.internal.values.ConfigValues;

/** Checks of the fields a job request must carry. */
final class RequestFields {

    private RequestFields() {
    }

    static String required(String value, String field, String type) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(field, "a " + type + " job needs '" + field + "'");
        }
        return value;
    }

    static long option(JobRequest request, String name, long defaultValue) {
        Object value = request.options().get(name);
        if (value == null) {
            return defaultValue;
        }
        long number;
        try {
            number = ConfigValues.number(value, Long.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("options." + name, "option '" + name + "' must be a whole number");
        }
        if (number < 0) {
            throw new InvalidConfigurationException("options." + name, "option '" + name + "' must not be negative");
        }
        return number;
    }

    static double fraction(JobRequest request, String name, double defaultValue) {
        Object value = request.options().get(name);
        if (value == null) {
            return defaultValue;
        }
        double number;
        try {
            number = ConfigValues.number(value, Double.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("options." + name, "option '" + name + "' must be a number between 0 and 1");
        }
        if (number < 0 || number > 1) {
            throw new InvalidConfigurationException("options." + name, "option '" + name + "' must be between 0 and 1");
        }
        return number;
    }

    static boolean flag(JobRequest request, String name, boolean defaultValue) {
        Object value = request.options().get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidConfigurationException("options." + name, "option '" + name + "' must be true or false");
    }

    /** The strings of an option, or the default when it has none. */
    static List<String> strings(Object value, String defaultValue) {
        List<String> strings = ConfigValues.strings(value);
        return strings.isEmpty() ? List.of(defaultValue) : strings;
    }

    /** The time zone of option {@code timeZone}, the server's own by default. */
    static ZoneId zone(JobRequest request) {
        try {
            return ConfigValues.zone(request.options().get("timeZone"));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("options.timeZone", e.getMessage());
        }
    }
}
