package io.shoebox.policy.standard.internal;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converter;
import org.osgi.util.converter.Converters;
import org.osgi.util.converter.TypeReference;

import io.shoebox.api.policy.RuleName;
import io.shoebox.api.policy.SelectionRule;
import io.shoebox.api.source.SourceEntry;

/**
 * The standard selection rule. Settings, all optional:
 * <ul>
 * <li>{@code include}: globs a file must match one of (all files when absent);
 * <li>{@code exclude}: globs no file may match;
 * <li>{@code mediaTypes}: media types or families a file must have one of ({@code image},
 * {@code video}, {@code image/heic});
 * <li>{@code minSize}, {@code maxSize}: size limits in bytes.
 * </ul>
 * A glob with a {@code /} is matched against the path relative to the source root, one without
 * against the file name alone, so {@code *.tmp} excludes temporary files in every folder.
 */
@Component
@RuleName(StandardSelection.NAME)
public final class StandardSelection implements SelectionRule {

    /** The name policies use for this rule. */
    public static final String NAME = "standard";

    /** Settings arrive as strings, arrays, lists or numbers: the OSGi converter reads them all. */
    private static final Converter CONVERTER = Converters.standardConverter();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final int CACHED_SETTINGS = 64;

    /** Compiled settings: the rule is asked once per file, the settings change once per policy edit. */
    private final Map<Map<String, Object>, Criteria> compiled = new ConcurrentHashMap<>();

    @Override
    public boolean accepts(SourceEntry entry, String mediaType, Map<String, Object> settings) {
        return criteria(settings).accepts(entry, mediaType);
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("include", "exclude")) {
            for (String glob : strings(settings.get(key))) {
                try {
                    compile(glob);
                } catch (IllegalArgumentException e) {
                    problems.add(key + ": '" + glob + "' is not a valid glob: " + e.getMessage());
                }
            }
        }
        for (String key : List.of("minSize", "maxSize")) {
            try {
                size(settings, key);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty() && size(settings, "maxSize") < size(settings, "minSize")) {
            problems.add("maxSize is below minSize: no file could be taken");
        }
        return problems;
    }

    private Criteria criteria(Map<String, Object> settings) {
        Criteria criteria = compiled.get(settings);
        if (criteria == null) {
            if (compiled.size() >= CACHED_SETTINGS) {
                compiled.clear();
            }
            criteria = new Criteria(settings);
            compiled.put(Map.copyOf(settings), criteria);
        }
        return criteria;
    }

    private static final class Criteria {
        final List<Glob> include = new ArrayList<>();
        final List<Glob> exclude = new ArrayList<>();
        final List<String> mediaTypes = new ArrayList<>();
        final long minSize;
        final long maxSize;

        Criteria(Map<String, Object> settings) {
            strings(settings.get("include")).forEach(glob -> include.add(new Glob(glob)));
            strings(settings.get("exclude")).forEach(glob -> exclude.add(new Glob(glob)));
            strings(settings.get("mediaTypes")).forEach(type -> mediaTypes.add(type.toLowerCase(Locale.ROOT)));
            minSize = size(settings, "minSize");
            maxSize = size(settings, "maxSize");
        }

        boolean accepts(SourceEntry entry, String mediaType) {
            if (entry.size() < minSize || entry.size() > maxSize) {
                return false;
            }
            if (!mediaTypes.isEmpty() && !hasMediaType(mediaType)) {
                return false;
            }
            Path path = Path.of(entry.path());
            if (!include.isEmpty() && include.stream().noneMatch(glob -> glob.matches(path))) {
                return false;
            }
            return exclude.stream().noneMatch(glob -> glob.matches(path));
        }

        private boolean hasMediaType(String mediaType) {
            if (mediaType == null) {
                return false;
            }
            String type = mediaType.toLowerCase(Locale.ROOT);
            String family = type.contains("/") ? type.substring(0, type.indexOf('/')) : type;
            return mediaTypes.contains(type) || mediaTypes.contains(family);
        }
    }

    private record Glob(PathMatcher matcher, boolean wholePath) {
        Glob(String glob) {
            this(compile(glob), glob.contains("/"));
        }

        boolean matches(Path path) {
            if (wholePath) {
                return matcher.matches(path);
            }
            Path name = path.getFileName();
            return name != null && matcher.matches(name);
        }
    }

    private static PathMatcher compile(String glob) {
        String pattern = glob.startsWith("/") ? glob.substring(1) : glob;
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    private static long size(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null || value.toString().isBlank()) {
            return key.equals("maxSize") ? Long.MAX_VALUE : 0;
        }
        long size;
        try {
            size = CONVERTER.convert(value instanceof String text ? text.strip() : value).to(long.class);
        } catch (ConversionException e) {
            throw new IllegalArgumentException(key + " must be a size in bytes, not '" + value + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return size == 0 && key.equals("maxSize") ? Long.MAX_VALUE : size;
    }

    /** The settings' values as a list, however they arrived (a list, an array, one text); blanks dropped. */
    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>(CONVERTER.convert(value).defaultValue(List.of()).to(STRINGS));
        result.removeIf(String::isBlank);
        return result;
    }
}
