package io.shoebox.catalog.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.catalog.ItemQuery.BoundingBox;

/**
 * The {@code WHERE} clause of an item query over the {@code items} table, with its parameters.
 * Plain SQL that H2 and PostgreSQL read alike: comparisons, {@code IN}, and {@code LIKE} with an
 * explicit escape character over {@code LOWER()} of the columns.
 *
 * <p>The cameras a query names are kept apart, so that a search can ask for one camera at a time
 * and let the database walk {@code items_by_camera} in order (see {@link CatalogReader}).
 */
final class Criteria {

    private static final LocalDateTime EARLIEST = LocalDateTime.of(1, 1, 1, 0, 0);
    private static final LocalDateTime LATEST = LocalDateTime.of(10000, 1, 1, 0, 0);

    private final StringBuilder conditions = new StringBuilder();
    private final List<Object> parameters = new ArrayList<>();
    /** The cameras asked for, or {@code null} when the query names none. */
    private List<Integer> cameraIds;

    private Criteria() {
    }

    static Criteria of(ItemQuery query, Cameras cameras) {
        Criteria criteria = new Criteria();
        if (query.takenFrom() != null) {
            criteria.add(" AND taken_rank <= ?", Times.takenRank(clamp(query.takenFrom())));
        }
        if (query.takenTo() != null) {
            criteria.add(" AND taken_rank > ?", Times.takenRank(clamp(query.takenTo())));
            criteria.add(" AND taken_rank < ?", Times.NO_DATE_RANK);
        }
        if (query.camera() != null && !query.camera().isBlank()) {
            criteria.cameraIds = cameras.matching(query.camera());
        }
        if (query.source() != null && !query.source().isBlank()) {
            criteria.add(" AND source = ?", query.source());
        }
        String folder = query.folder() == null ? "" : strip(query.folder());
        if (!folder.isEmpty()) {
            criteria.add(" AND path LIKE ? ESCAPE '\\'", escape(folder) + "/%");
        }
        if (query.mediaType() != null && !query.mediaType().isBlank()) {
            String type = query.mediaType().strip().toLowerCase(Locale.ROOT);
            if (type.contains("/")) {
                criteria.add(" AND media_type = ?", type);
            } else {
                criteria.add(" AND media_type LIKE ? ESCAPE '\\'", escape(type) + "/%");
            }
        }
        if (query.place() != null) {
            BoundingBox box = query.place();
            criteria.add(" AND latitude >= ?", box.south());
            criteria.add(" AND latitude <= ?", box.north());
            if (box.west() <= box.east()) {
                criteria.add(" AND longitude >= ?", box.west());
                criteria.add(" AND longitude <= ?", box.east());
            } else {
                criteria.add(" AND (longitude >= ?", box.west());
                criteria.add(" OR longitude <= ?)", box.east());
            }
        }
        if (query.text() != null) {
            for (String word : Cameras.words(query.text())) {
                String pattern = "%" + escape(word) + "%";
                criteria.add(" AND (LOWER(path) LIKE ? ESCAPE '\\'", pattern);
                criteria.add(" OR LOWER(make) LIKE ? ESCAPE '\\'", pattern);
                criteria.add(" OR LOWER(model) LIKE ? ESCAPE '\\'", pattern);
                criteria.add(" OR LOWER(lens) LIKE ? ESCAPE '\\'", pattern);
                criteria.conditions.append(')');
            }
        }
        return criteria;
    }

    /** Whether no item can match (a camera nobody has), so that the database need not be asked. */
    boolean matchesNothing() {
        return cameraIds != null && cameraIds.isEmpty();
    }

    /** The cameras asked for; empty when the query names none. */
    List<Integer> cameraIds() {
        return cameraIds == null ? List.of() : cameraIds;
    }

    /** The clause with every camera asked for. */
    String where() {
        if (cameraIds == null) {
            return " WHERE 1 = 1" + conditions;
        }
        return " WHERE camera_id IN (" + "?, ".repeat(cameraIds.size() - 1) + "?)" + conditions;
    }

    /** The clause for one camera among those asked for. */
    String whereCamera() {
        return " WHERE camera_id = ?" + conditions;
    }

    /** Binds the parameters of {@link #where()} from index 1; returns the next free index. */
    int bind(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (int id : cameraIds()) {
            statement.setInt(index++, id);
        }
        return bindConditions(statement, index);
    }

    /** Binds the parameters of {@link #whereCamera()} from index 1; returns the next free index. */
    int bindCamera(PreparedStatement statement, int cameraId) throws SQLException {
        statement.setInt(1, cameraId);
        return bindConditions(statement, 2);
    }

    private int bindConditions(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object value : parameters) {
            if (value instanceof Long number) {
                statement.setLong(index++, number);
            } else if (value instanceof Integer number) {
                statement.setInt(index++, number);
            } else if (value instanceof Double number) {
                statement.setDouble(index++, number);
            } else {
                statement.setString(index++, (String) value);
            }
        }
        return index;
    }

    private void add(String condition, Object value) {
        conditions.append(condition);
        parameters.add(value);
    }

    private static LocalDateTime clamp(LocalDateTime time) {
        return time.isBefore(EARLIEST) ? EARLIEST : time.isAfter(LATEST) ? LATEST : time;
    }

    private static String strip(String folder) {
        String stripped = folder.strip();
        int start = 0;
        int end = stripped.length();
        while (start < end && stripped.charAt(start) == '/') {
            start++;
        }
        while (end > start && stripped.charAt(end - 1) == '/') {
            end--;
        }
        return stripped.substring(start, end);
    }

    /** A literal for LIKE with {@code \} as the escape character. */
    static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
