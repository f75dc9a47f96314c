package io.shoebox.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.DuplicateGroup;
import io.shoebox.api.catalog.DuplicatesReport;
import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.catalog.ItemVersion;
import io.shoebox.api.catalog.TimelineEntry;

/** The catalog's queries, each on a connection it is given. */
final class CatalogReader {

    static final String ORDER = " ORDER BY taken_rank, source, path";
    private static final String ITEM_COLUMNS = "id, source, path, " + SnapshotIndexer.FILE_COLUMNS;

    private final Cameras cameras;

    CatalogReader(Cameras cameras) {
        this.cameras = cameras;
    }

    /**
     * One page in the search order. A query for cameras reads each camera's items in the order of
     * {@code items_by_camera} (camera, date taken, source, path), as far as the page reaches, and
     * merges them: the database never sorts all the matches of a popular camera to find a page.
     */
    ItemPage search(Connection connection, ItemQuery query) throws SQLException {
        Criteria criteria = Criteria.of(query, cameras);
        if (criteria.matchesNothing()) {
            return new ItemPage(List.of(), 0);
        }
        List<Row> rows;
        if (criteria.cameraIds().isEmpty()) {
            rows = page(connection, "SELECT " + ITEM_COLUMNS + " FROM items" + criteria.where() + ORDER, query.offset(),
                    query.limit(), criteria::bind);
        } else if (criteria.cameraIds().size() > MERGED_CAMERAS) {
            rows = page(connection, "SELECT " + ITEM_COLUMNS + " FROM items" + criteria.where() + ORDER, query.offset(),
                    query.limit(), criteria::bind);
        } else {
            List<Row> merged = new ArrayList<>();
            for (int camera : criteria.cameraIds()) {
                merged.addAll(page(connection, "SELECT " + ITEM_COLUMNS + " FROM items" + criteria.whereCamera()
                        + " ORDER BY camera_id, taken_rank, source, path", 0, query.offset() + query.limit(),
                        statement -> criteria.bindCamera(statement, camera)));
            }
            merged.sort(Row.ORDER);
            rows = merged.subList(Math.min(query.offset(), merged.size()),
                    Math.min(query.offset() + query.limit(), merged.size()));
        }
        long total;
        if (query.offset() == 0 && rows.size() < query.limit()) {
            total = rows.size(); // the page holds every match
        } else {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM items" + criteria.where())) {
                criteria.bind(count);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    total = row.getLong(1);
                }
            }
        }
        return new ItemPage(withVersions(connection, rows), total);
    }

    /** Cameras up to which a search merges per-camera reads; beyond, the database sorts. */
    static final int MERGED_CAMERAS = 12;

    @FunctionalInterface
    private interface Binder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    private static List<Row> page(Connection connection, String sql, int offset, int limit, Binder binder)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int next = binder.bind(select);
            select.setInt(next++, offset);
            select.setInt(next, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(Row.read(row));
                }
            }
        }
        return rows;
    }

    List<TimelineEntry> timeline(Connection connection, ItemQuery query) throws SQLException {
        Criteria criteria = Criteria.of(query, cameras);
        if (criteria.matchesNothing()) {
            return List.of();
        }
        List<TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT taken_month, COUNT(*) FROM items"
                + criteria.where() + " GROUP BY taken_month ORDER BY taken_month DESC")) {
            criteria.bind(select);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    int month = row.getInt(1);
                    entries.add(new TimelineEntry(month / 100, month % 100, row.getLong(2)));
                }
            }
        }
        return entries;
    }

    Optional<CatalogItem> item(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(withVersions(connection, List.of(Row.read(row))).get(0));
            }
        }
    }

    DuplicatesReport duplicates(Connection connection, String target) throws SQLException {
        String chosen = target != null ? target : fullestTarget(connection);
        if (chosen == null) {
            return new DuplicatesReport(null, List.of(), 0, 0);
        }
        List<String> newest = newestSnapshots(connection, chosen);
        if (newest.isEmpty()) {
            return new DuplicatesReport(chosen, List.of(), 0, 0);
        }
        String in = "(" + "?, ".repeat(newest.size() - 1) + "?)";
        Map<String, Long> sizes = new HashMap<>();
        Map<String, List<String>> copies = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT v.content_key, v.size, i.source, i.path"
                + " FROM versions v JOIN items i ON i.id = v.item_id WHERE v.target = ? AND v.last_snapshot IN " + in
                + " AND v.content_key IN (SELECT d.content_key FROM versions d WHERE d.target = ? AND d.last_snapshot IN "
                + in + " AND d.content_key IS NOT NULL GROUP BY d.content_key HAVING COUNT(*) > 1)")) {
            int index = 1;
            select.setString(index++, chosen);
            for (String id : newest) {
                select.setString(index++, id);
            }
            select.setString(index++, chosen);
            for (String id : newest) {
                select.setString(index++, id);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String key = row.getString(1);
                    sizes.put(key, row.getLong(2));
                    copies.computeIfAbsent(key, k -> new ArrayList<>()).add(row.getString(3) + ":" + row.getString(4));
                }
            }
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        long duplicateFiles = 0;
        long savedBytes = 0;
        for (Map.Entry<String, List<String>> group : copies.entrySet()) {
            List<String> places = group.getValue();
            if (places.size() < 2) {
                continue;
            }
            places.sort(null);
            long size = sizes.get(group.getKey());
            groups.add(new DuplicateGroup(size, places));
            duplicateFiles += places.size() - 1;
            savedBytes += size * (places.size() - 1);
        }
        groups.sort(Comparator.comparingLong((DuplicateGroup g) -> g.size() * (g.copies().size() - 1)).reversed()
                .thenComparing(g -> g.copies().get(0)));
        return new DuplicatesReport(chosen, groups, duplicateFiles, savedBytes);
    }

    /** The target whose versions cover the most items, or {@code null} for an empty catalog. */
    private static String fullestTarget(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT target, COUNT(DISTINCT item_id) AS held"
                + " FROM versions GROUP BY target ORDER BY held DESC, target FETCH FIRST 1 ROWS ONLY");
                ResultSet row = select.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** The newest snapshot read of each source on a target. */
    static List<String> newestSnapshots(Connection connection, String target) throws SQLException {
        Map<String, String> newest = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT source, snapshot_id FROM snapshots"
                + " WHERE target = ? ORDER BY snapshot_time, snapshot_id")) {
            select.setString(1, target);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    newest.put(row.getString(1), row.getString(2));
                }
            }
        }
        return List.copyOf(newest.values());
    }

    /** Every snapshot holding each item, newest first: its version runs spread over the snapshots they span. */
    private static List<CatalogItem> withVersions(Connection connection, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<ItemVersion>> versions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT v.item_id, v.target, s.snapshot_id,"
                + " s.snapshot_time, v.size, v.modified, v.content_key FROM versions v JOIN snapshots s"
                + " ON s.target = v.target AND s.source = v.source AND s.snapshot_time >= v.first_time"
                + " AND s.snapshot_time <= v.last_time WHERE v.item_id IN (" + "?, ".repeat(rows.size() - 1) + "?)"
                + " ORDER BY s.snapshot_time DESC, v.target, s.snapshot_id")) {
            for (int i = 0; i < rows.size(); i++) {
                select.setString(i + 1, rows.get(i).id());
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    versions.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new ItemVersion(
                            row.getString(2), row.getString(3), Times.instant(row.getLong(4)), row.getLong(5),
                            Times.instant(row.getLong(6)), row.getString(7)));
                }
            }
        }
        List<CatalogItem> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(row.toItem(versions.getOrDefault(row.id(), List.of())));
        }
        return items;
    }

    /** An item row before its versions are added. */
    private record Row(String id, String source, String path, FileFacts facts) {

        /** The search order: date taken newest first (undated last), source, path. */
        static final Comparator<Row> ORDER = Comparator.comparingLong((Row r) -> Times.takenRank(r.facts().takenAt()))
                .thenComparing(Row::source).thenComparing(Row::path);

        static Row read(ResultSet row) throws SQLException {
            return new Row(row.getString("id"), row.getString("source"), row.getString("path"), FileFacts.read(row));
        }

        CatalogItem toItem(List<ItemVersion> versions) {
            FileFacts f = facts;
            return new CatalogItem(id, source, path, f.size(), f.modified(), f.mediaType(), f.takenAt(), f.takenAtOffset(),
                    f.takenAtOrigin(), f.make(), f.model(), f.lens(), f.latitude(), f.longitude(), f.altitude(), f.width(),
                    f.height(), f.durationMillis(), f.sidecars(), f.livePair(), f.thumbnail(), f.warnings(), versions);
        }
    }
}
