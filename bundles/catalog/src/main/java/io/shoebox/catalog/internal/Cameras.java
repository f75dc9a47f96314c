package io.shoebox.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cameras table, mirrored in memory: a library has tens or hundreds of cameras, so a camera
 * search first picks the matching camera ids here and then uses the {@code items_by_camera} index.
 * Only the catalog's single writer adds cameras.
 */
final class Cameras {

    private record Camera(int id, String words) {
    }

    private final Map<String, Camera> byName = new ConcurrentHashMap<>();
    private int lastId;

    /** Reads the table again, after a rollback or a rebuild. */
    synchronized void load(Connection connection) throws SQLException {
        byName.clear();
        lastId = 0;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT camera_id, make, model, words FROM cameras")) {
            while (row.next()) {
                int id = row.getInt(1);
                byName.put(key(row.getString(2), row.getString(3)), new Camera(id, row.getString(4)));
                lastId = Math.max(lastId, id);
            }
        }
    }

    /**
     * The id of a camera, added to the table (in the caller's transaction) when new.
     *
     * @return the id, or {@code null} when neither make nor model is known
     */
    synchronized Integer id(Connection connection, String make, String model) throws SQLException {
        if (make == null && model == null) {
            return null;
        }
        String cleanMake = FileFacts.clip(make == null ? "" : make, 255);
        String cleanModel = FileFacts.clip(model == null ? "" : model, 255);
        String key = key(cleanMake, cleanModel);
        Camera known = byName.get(key);
        if (known != null) {
            return known.id();
        }
        int id = ++lastId;
        String words = (cleanMake + " " + cleanModel).strip().toLowerCase(Locale.ROOT);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO cameras (camera_id, make, model, words) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, cleanMake);
            insert.setString(3, cleanModel);
            insert.setString(4, words);
            insert.executeUpdate();
        }
        byName.put(key, new Camera(id, words));
        return id;
    }

    /** Ids of the cameras whose make and model hold every word of {@code query}, ignoring case. */
    List<Integer> matching(String query) {
        List<String> words = words(query);
        List<Integer> ids = new ArrayList<>();
        for (Camera camera : byName.values()) {
            if (words.stream().allMatch(camera.words()::contains)) {
                ids.add(camera.id());
            }
        }
        ids.sort(null);
        return ids;
    }

    synchronized void clear() {
        byName.clear();
        lastId = 0;
    }

    static List<String> words(String query) {
        return Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    private static String key(String make, String model) {
        return make + '\0' + model;
    }
}
