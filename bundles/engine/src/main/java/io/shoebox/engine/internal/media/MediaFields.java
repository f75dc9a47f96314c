package io.shoebox.engine.internal.media;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/**
 * How media metadata is kept in a snapshot: as the scalar {@code metadata} map of a file's tree
 * node, with the keys below (see docs/repository-format.md). Absent values have no key; a node
 * that was examined always has {@value #MEDIA_TYPE}, so one that lacks it has not been examined.
 */
public final class MediaFields {

    public static final String MEDIA_TYPE = "mediaType";
    static final String TAKEN_AT = "takenAt";
    static final String TAKEN_AT_OFFSET = "takenAtOffset";
    static final String TAKEN_AT_ORIGIN = "takenAtOrigin";
    static final String MAKE = "make";
    static final String MODEL = "model";
    static final String LENS = "lens";
    static final String LATITUDE = "latitude";
    static final String LONGITUDE = "longitude";
    static final String ALTITUDE = "altitude";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String ORIENTATION = "orientation";
    static final String DURATION_MILLIS = "durationMillis";
    static final String CONTENT_IDENTIFIER = "contentIdentifier";
    /** Problems met while reading, one per line. */
    static final String WARNINGS = "warnings";

    private MediaFields() {
    }

    /** The node map of a file's metadata. */
    public static Map<String, Object> toMap(MediaMetadata media) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(MEDIA_TYPE, media.mediaType());
        put(map, TAKEN_AT, media.takenAt() == null ? null : media.takenAt().toString());
        put(map, TAKEN_AT_OFFSET, media.takenAtOffset() == null ? null : media.takenAtOffset().getId());
        put(map, TAKEN_AT_ORIGIN, media.takenAtOrigin() == null ? null : media.takenAtOrigin().name());
        put(map, MAKE, media.make());
        put(map, MODEL, media.model());
        put(map, LENS, media.lens());
        put(map, LATITUDE, media.latitude());
        put(map, LONGITUDE, media.longitude());
        put(map, ALTITUDE, media.altitude());
        put(map, WIDTH, media.width() == null ? null : media.width().longValue());
        put(map, HEIGHT, media.height() == null ? null : media.height().longValue());
        put(map, ORIENTATION, media.orientation() == null ? null : media.orientation().longValue());
        put(map, DURATION_MILLIS, media.durationMillis());
        put(map, CONTENT_IDENTIFIER, media.contentIdentifier());
        put(map, WARNINGS, media.warnings().isEmpty() ? null : String.join("\n", media.warnings()));
        return map;
    }

    /**
     * The metadata a node map holds, or {@code null} when the file was never examined. Values of
     * the wrong kind (a repository written by another tool) are dropped, not trusted.
     */
    public static MediaMetadata fromMap(Map<String, Object> map) {
        if (!(map.get(MEDIA_TYPE) instanceof String mediaType)) {
            return null;
        }
        String warnings = text(map, WARNINGS);
        return new MediaMetadata(mediaType, localTime(text(map, TAKEN_AT)), offset(text(map, TAKEN_AT_OFFSET)),
                origin(text(map, TAKEN_AT_ORIGIN)), text(map, MAKE), text(map, MODEL), text(map, LENS),
                decimal(map, LATITUDE), decimal(map, LONGITUDE), decimal(map, ALTITUDE), integer(map, WIDTH),
                integer(map, HEIGHT), integer(map, ORIENTATION), whole(map, DURATION_MILLIS),
                text(map, CONTENT_IDENTIFIER), warnings == null ? List.of() : Arrays.asList(warnings.split("\n")));
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String text(Map<String, Object> map, String key) {
        return map.get(key) instanceof String text ? text : null;
    }

    private static Double decimal(Map<String, Object> map, String key) {
        return map.get(key) instanceof Number number ? number.doubleValue() : null;
    }

    private static Long whole(Map<String, Object> map, String key) {
        return map.get(key) instanceof Number number ? number.longValue() : null;
    }

    private static Integer integer(Map<String, Object> map, String key) {
        Long value = whole(map, key);
        return value == null || value != value.intValue() ? null : value.intValue();
    }

    private static LocalDateTime localTime(String text) {
        try {
            return text == null ? null : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static ZoneOffset offset(String text) {
        try {
            return text == null ? null : ZoneOffset.of(text);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static TakenAtOrigin origin(String text) {
        try {
            return text == null ? null : TakenAtOrigin.valueOf(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
