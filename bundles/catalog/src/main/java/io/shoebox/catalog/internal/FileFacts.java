package io.shoebox.catalog.internal;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.snapshot.SnapshotFile;

/**
 * What the catalog keeps of one file in one snapshot: the columns that items and version runs
 * share ({@link #COLUMNS}, in that order).
 */
record FileFacts(
        long size,
        Instant modified,
        String contentKey,
        boolean thumbnail,
        String mediaType,
        LocalDateTime takenAt,
        ZoneOffset takenAtOffset,
        String takenAtOrigin,
        String make,
        String model,
        String lens,
        Double latitude,
        Double longitude,
        Double altitude,
        Integer width,
        Integer height,
        Long durationMillis,
        String contentIdentifier,
        List<String> sidecars,
        String livePair,
        List<String> warnings) {

    /** The shared columns; {@code camera_id} is derived from make and model by {@link Cameras}. */
    static final List<String> COLUMNS = List.of("size", "modified", "content_key", "has_thumbnail", "media_type",
            "taken_rank", "taken_month", "taken_offset", "taken_origin", "make", "model", "lens", "camera_id", "latitude",
            "longitude", "altitude", "width", "height", "duration_ms", "content_id", "sidecars", "live_pair", "warnings");

    static final int PATH_LENGTH = 4096;
    private static final int NAME_LENGTH = 255;
    private static final int LIST_LENGTH = 8000;

    FileFacts {
        sidecars = sidecars == null ? List.of() : List.copyOf(sidecars);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    static FileFacts of(SnapshotFile file) {
        MediaMetadata media = file.media();
        if (media == null) {
            return new FileFacts(file.size(), file.modified(), file.contentKey(), file.thumbnail(), null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, List.of(), null, List.of());
        }
        Double latitude = media.latitude();
        Double longitude = media.longitude();
        if (latitude == null || longitude == null || !(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) {
            latitude = null; // half a position, or none that exists on Earth, is no position
            longitude = null;
        }
        return new FileFacts(file.size(), file.modified(), file.contentKey(), file.thumbnail(),
                media.mediaType() == null ? null : media.mediaType().toLowerCase(Locale.ROOT),
                Times.plausible(media.takenAt()), media.takenAtOffset(),
                media.takenAtOrigin() == null ? null : media.takenAtOrigin().name(), text(media.make()),
                text(media.model()), text(media.lens()), latitude, longitude, finite(media.altitude()), media.width(),
                media.height(), media.durationMillis(), text(media.contentIdentifier()), List.of(), null,
                media.warnings());
    }

    FileFacts withSidecars(List<String> paths) {
        return new FileFacts(size, modified, contentKey, thumbnail, mediaType, takenAt, takenAtOffset, takenAtOrigin, make,
                model, lens, latitude, longitude, altitude, width, height, durationMillis, contentIdentifier, paths, livePair,
                warnings);
    }

    FileFacts withLivePair(String path) {
        return new FileFacts(size, modified, contentKey, thumbnail, mediaType, takenAt, takenAtOffset, takenAtOrigin, make,
                model, lens, latitude, longitude, altitude, width, height, durationMillis, contentIdentifier, sidecars, path,
                warnings);
    }

    /**
     * A hash of every field as stored: two snapshots in a row with the same fingerprint for a file
     * share its version run.
     */
    String fingerprint() {
        StringBuilder all = new StringBuilder(256);
        for (Object field : new Object[] {size, Times.micros(modified), contentKey, thumbnail, mediaType,
            Times.takenRank(takenAt), takenAtOffset, takenAtOrigin, make, model, lens, latitude, longitude, altitude, width,
            height, durationMillis, contentIdentifier, sidecars, livePair, warnings}) {
            all.append(field).append('\u0001');
        }
        byte[] hash = ItemIds.sha256().digest(all.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    /** Binds {@link #COLUMNS} from {@code index} on; returns the next free index. */
    int bind(PreparedStatement statement, int index, Integer cameraId) throws SQLException {
        int i = index;
        statement.setLong(i++, size);
        statement.setLong(i++, Times.micros(modified));
        setString(statement, i++, contentKey, NAME_LENGTH);
        statement.setBoolean(i++, thumbnail);
        setString(statement, i++, mediaType, NAME_LENGTH);
        statement.setLong(i++, Times.takenRank(takenAt));
        statement.setInt(i++, Times.takenMonth(takenAt));
        setInt(statement, i++, takenAtOffset == null ? null : takenAtOffset.getTotalSeconds());
        setString(statement, i++, takenAtOrigin, 32);
        setString(statement, i++, make, NAME_LENGTH);
        setString(statement, i++, model, NAME_LENGTH);
        setString(statement, i++, lens, NAME_LENGTH);
        setInt(statement, i++, cameraId);
        setDouble(statement, i++, latitude);
        setDouble(statement, i++, longitude);
        setDouble(statement, i++, altitude);
        setInt(statement, i++, width);
        setInt(statement, i++, height);
        setLong(statement, i++, durationMillis);
        setString(statement, i++, contentIdentifier, NAME_LENGTH);
        setString(statement, i++, join(sidecars), LIST_LENGTH);
        setString(statement, i++, livePair, PATH_LENGTH);
        setString(statement, i++, join(warnings.stream().map(w -> w.replace('\n', ' ')).toList()), LIST_LENGTH);
        return i;
    }

    /** Reads {@link #COLUMNS} by name. */
    static FileFacts read(ResultSet row) throws SQLException {
        long rank = row.getLong("taken_rank");
        Integer offset = integer(row, "taken_offset");
        return new FileFacts(row.getLong("size"), Times.instant(row.getLong("modified")), row.getString("content_key"),
                row.getBoolean("has_thumbnail"), row.getString("media_type"), Times.takenAt(rank),
                offset == null ? null : ZoneOffset.ofTotalSeconds(offset), row.getString("taken_origin"),
                row.getString("make"), row.getString("model"), row.getString("lens"), decimal(row, "latitude"),
                decimal(row, "longitude"), decimal(row, "altitude"), integer(row, "width"), integer(row, "height"),
                longValue(row, "duration_ms"), row.getString("content_id"), split(row.getString("sidecars")),
                row.getString("live_pair"), split(row.getString("warnings")));
    }

    private static String text(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.replace('\0', ' ').strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? null : String.join("\n", values);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    /**
     * A value that fits its column: PostgreSQL refuses NUL characters and both databases refuse
     * strings longer than the column.
     */
    static String clip(String value, int length) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\0') < 0 ? value : value.replace('\0', ' ');
        return clean.length() <= length ? clean : clean.substring(0, length);
    }

    static void setString(PreparedStatement statement, int index, String value, int length) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, clip(value, length));
        }
    }

    private static void setInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static Long longValue(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Double decimal(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }
}
