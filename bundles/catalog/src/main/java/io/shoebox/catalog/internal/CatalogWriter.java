package io.shoebox.catalog.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.osgi.service.log.Logger;

import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;

/**
 * Keeps the catalog in step with the snapshots of a target: reads the snapshots it has not read,
 * oldest first per source, and forgets those that are gone. Only one writer runs at a time (the
 * caller holds the catalog's writer lock); every change is one transaction per snapshot.
 */
final class CatalogWriter {

    private static final int REFRESH_BATCH = 500;

    /** A snapshot the catalog has read. */
    record ReadSnapshot(String id, String source, long time) {
    }

    private final SnapshotService snapshots;
    private final Cameras cameras;
    private final BooleanSupplier closing;
    private final Logger log;
    /** Snapshots whose walk failed, as {@code target + '\0' + id}: not tried again until {@link #retryUnreadable()}. */
    private final Set<String> unreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    CatalogWriter(SnapshotService snapshots, Cameras cameras, BooleanSupplier closing, Logger log) {
        this.snapshots = snapshots;
        this.cameras = cameras;
        this.closing = closing;
        this.log = log;
    }

    void retryUnreadable() {
        unreadable.clear();
    }

    void retryUnreadable(String target) {
        unreadable.removeIf(key -> key.startsWith(target + '\0'));
    }

    /**
     * Brings one target up to date.
     *
     * @return how many snapshots were read
     * @throws IOException when the target's snapshots cannot be listed
     */
    int sync(Connection connection, String target) throws IOException, SQLException {
        repair(connection);
        List<SnapshotInfo> present = snapshots.list(target).stream().filter(s -> !s.checkpoint()).toList();
        Set<String> presentIds = present.stream().map(SnapshotInfo::id).collect(Collectors.toSet());
        Map<String, ReadSnapshot> read = readSnapshots(connection, target);
        for (ReadSnapshot gone : read.values()) {
            if (!presentIds.contains(gone.id())) {
                forget(connection, target, gone);
            }
        }
        read.keySet().retainAll(presentIds);

        Map<String, List<SnapshotInfo>> unreadBySource = new TreeMap<>();
        for (SnapshotInfo snapshot : present) {
            if (!read.containsKey(snapshot.id()) && !unreadable.contains(target + '\0' + snapshot.id())) {
                unreadBySource.computeIfAbsent(snapshot.source(), k -> new ArrayList<>()).add(snapshot);
            }
        }
        int count = 0;
        for (Map.Entry<String, List<SnapshotInfo>> entry : unreadBySource.entrySet()) {
            String source = entry.getKey();
            List<SnapshotInfo> unread = oldestFirst(entry.getValue());
            long newestRead = read.values().stream().filter(r -> r.source().equals(source))
                    .mapToLong(ReadSnapshot::time).max().orElse(Long.MIN_VALUE);
            if (Times.micros(unread.get(0).time()) < newestRead) {
                // an older snapshot arrived after newer ones (a copy of old snapshots): version runs are
                // built oldest first, so this source is read again on this target
                log.info("Catalog: snapshot {} of source {} on target {} is older than one already read;"
                        + " reading the source's snapshots on that target again", unread.get(0).id(), source, target);
                dropSource(connection, target, source);
                unread = oldestFirst(present.stream().filter(s -> s.source().equals(source))
                        .filter(s -> !unreadable.contains(target + '\0' + s.id())).toList());
            }
            for (SnapshotInfo snapshot : unread) {
                if (index(connection, target, snapshot)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static List<SnapshotInfo> oldestFirst(List<SnapshotInfo> snapshots) {
        List<SnapshotInfo> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparing(SnapshotInfo::time).thenComparing(SnapshotInfo::id));
        return sorted;
    }

    /**
     * Reads one snapshot, committing in batches; false when its walk failed (what it had written is
     * then undone, and the snapshot left unread).
     */
    boolean index(Connection connection, String target, SnapshotInfo snapshot) throws SQLException {
        long started = System.nanoTime();
        connection.setAutoCommit(false);
        try {
            String previous = neighbour(connection, target, snapshot.source(), Times.micros(snapshot.time()), true);
            SnapshotIndexer indexer = new SnapshotIndexer(connection, cameras, target, snapshot, previous, closing);
            FolderGroups visitor = indexer.visitor();
            try {
                snapshots.walk(target, snapshot.id(), visitor);
                visitor.finish();
            } catch (SnapshotIndexer.SqlFailure e) {
                throw e.getCause();
            } catch (SnapshotIndexer.CancelledException e) {
                throw e;
            } catch (NoSuchElementException e) {
                undo(connection);
                log.debug("Catalog: snapshot {} on target {} is gone", snapshot.id(), target);
                return false;
            } catch (IOException | RuntimeException e) {
                undo(connection);
                unreadable.add(target + '\0' + snapshot.id());
                log.warn("Catalog: cannot read snapshot {} of source {} on target {}: {}; it is left"
                        + " out until the target comes back or the catalog is rebuilt", snapshot.id(), snapshot.source(),
                        target, String.valueOf(e));
                return false;
            }
            long files = indexer.finish();
            connection.commit();
            log.info("Catalog: read snapshot {} of source {} on target {}: {} items in {} ms",
                    snapshot.id(), snapshot.source(), target, files, (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (SQLException | RuntimeException e) {
            undo(connection);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Rolls back, then undoes the batches of a cut-short read that were committed already. */
    private void undo(Connection connection) {
        rollback(connection);
        try {
            repair(connection);
            connection.commit();
        } catch (SQLException e) {
            log.warn("Catalog: cannot undo a snapshot read half-way; it is undone at the next sync: {}", e.toString());
        }
    }

    /**
     * Undoes what a read cut short (by a crash, a stop or a failure) had committed: the runs it
     * started go, the runs it extended end at the previous snapshot again, and their items are set
     * from what is left.
     */
    void repair(Connection connection) throws SQLException {
        String reading;
        try (PreparedStatement select = connection.prepareStatement("SELECT fact FROM catalog_facts WHERE name = ?")) {
            select.setString(1, SnapshotIndexer.READING_FACT);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return;
                }
                reading = row.getString(1);
            }
        }
        String[] parts = reading.split("\n", -1);
        String target = parts[0];
        String snapshot = parts[1];
        String previous = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Set<String> affected = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT item_id FROM versions WHERE target = ? AND last_snapshot = ?")) {
                select.setString(1, target);
                select.setString(2, snapshot);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        affected.add(row.getString(1));
                    }
                }
            }
            update(connection, "DELETE FROM versions WHERE target = ? AND first_snapshot = ?", target, snapshot);
            if (previous != null) {
                update(connection, "UPDATE versions SET last_snapshot = ?, last_time = (SELECT snapshot_time FROM"
                        + " snapshots WHERE target = ? AND snapshot_id = ?) WHERE target = ? AND last_snapshot = ?",
                        previous, target, previous, target, snapshot);
            }
            refreshItems(connection, affected);
            update(connection, "DELETE FROM catalog_facts WHERE name = ?", SnapshotIndexer.READING_FACT);
            connection.commit();
            log.info("Catalog: undid the unfinished read of snapshot {} on target {}", snapshot, target);
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Forgets a snapshot that no longer exists: its version runs shrink, and items left without any go. */
    void forget(Connection connection, String target, ReadSnapshot gone) throws SQLException {
        connection.setAutoCommit(false);
        try {
            String before = neighbour(connection, target, gone.source(), gone.time(), true, gone.id());
            String after = neighbour(connection, target, gone.source(), gone.time(), false, gone.id());
            Set<String> affected = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT item_id FROM versions WHERE target = ? AND last_snapshot = ?")) {
                select.setString(1, target);
                select.setString(2, gone.id());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        affected.add(row.getString(1));
                    }
                }
            }
            update(connection, "DELETE FROM versions WHERE target = ? AND first_snapshot = ? AND last_snapshot = ?",
                    target, gone.id(), gone.id());
            if (after != null) {
                update(connection, "UPDATE versions SET first_snapshot = ?, first_time = (SELECT snapshot_time FROM"
                        + " snapshots WHERE target = ? AND snapshot_id = ?) WHERE target = ? AND first_snapshot = ?",
                        after, target, after, target, gone.id());
            }
            if (before != null) {
                update(connection, "UPDATE versions SET last_snapshot = ?, last_time = (SELECT snapshot_time FROM"
                        + " snapshots WHERE target = ? AND snapshot_id = ?) WHERE target = ? AND last_snapshot = ?",
                        before, target, before, target, gone.id());
            }
            update(connection, "DELETE FROM versions WHERE target = ? AND (first_snapshot = ? OR last_snapshot = ?)",
                    target, gone.id(), gone.id());
            update(connection, "DELETE FROM snapshots WHERE target = ? AND snapshot_id = ?", target, gone.id());
            refreshItems(connection, affected);
            connection.commit();
            log.info("Catalog: forgot snapshot {} of source {} on target {}", gone.id(), gone.source(), target);
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Forgets every snapshot of one source on one target, so that they can be read again in order. */
    private void dropSource(Connection connection, String target, String source) throws SQLException {
        connection.setAutoCommit(false);
        try {
            List<String> affected = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT item_id FROM versions WHERE target = ? AND source = ?")) {
                select.setString(1, target);
                select.setString(2, source);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        affected.add(row.getString(1));
                    }
                }
            }
            update(connection, "DELETE FROM versions WHERE target = ? AND source = ?", target, source);
            update(connection, "DELETE FROM snapshots WHERE target = ? AND source = ?", target, source);
            refreshItems(connection, affected);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Sets items from their newest remaining version run (ties: the first target by name), and
     * removes items that have none left.
     */
    void refreshItems(Connection connection, Collection<String> ids) throws SQLException {
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += REFRESH_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + REFRESH_BATCH));
            String in = "(" + "?, ".repeat(batch.size() - 1) + "?)";
            Set<String> existing = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM items WHERE id IN " + in)) {
                bind(select, batch);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        existing.add(row.getString(1));
                    }
                }
            }
            Set<String> refreshed = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM versions WHERE item_id IN " + in
                    + " ORDER BY item_id, last_time DESC, target");
                    PreparedStatement update = connection.prepareStatement(SnapshotIndexer.UPDATE_ITEM)) {
                bind(select, batch);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String id = row.getString("item_id");
                        if (!existing.contains(id) || !refreshed.add(id)) {
                            continue;
                        }
                        FileFacts facts = FileFacts.read(row);
                        int camera = row.getInt("camera_id");
                        int next = facts.bind(update, 1, row.wasNull() ? null : camera);
                        update.setString(next++, row.getString("target"));
                        update.setString(next, id);
                        update.addBatch();
                    }
                }
                if (!refreshed.isEmpty()) {
                    update.executeBatch();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM items WHERE id = ?")) {
                boolean any = false;
                for (String id : batch) {
                    if (!refreshed.contains(id)) {
                        delete.setString(1, id);
                        delete.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    delete.executeBatch();
                }
            }
        }
    }

    /** Empties every table but the schema's own. */
    void clear(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"versions", "items", "snapshots", "cameras"}) {
                statement.execute("TRUNCATE TABLE " + table);
            }
            statement.execute("DELETE FROM catalog_facts WHERE name = '" + SnapshotIndexer.READING_FACT + "'");
        }
        cameras.clear();
    }

    static Map<String, ReadSnapshot> readSnapshots(Connection connection, String target) throws SQLException {
        Map<String, ReadSnapshot> read = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT snapshot_id, source, snapshot_time FROM snapshots WHERE target = ?")) {
            select.setString(1, target);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    read.put(row.getString(1), new ReadSnapshot(row.getString(1), row.getString(2), row.getLong(3)));
                }
            }
        }
        return read;
    }

    /** The read snapshot of a source on a target just before (or after) a time, other than {@code except}. */
    private static String neighbour(Connection connection, String target, String source, long time, boolean before,
            String... except) throws SQLException {
        String sql = "SELECT snapshot_id FROM snapshots WHERE target = ? AND source = ? AND snapshot_time "
                + (before ? "<= ?" : ">= ?") + " AND snapshot_id <> ? ORDER BY snapshot_time "
                + (before ? "DESC, snapshot_id DESC" : "ASC, snapshot_id ASC") + " FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, target);
            select.setString(2, source);
            select.setLong(3, time);
            select.setString(4, except.length == 0 ? "" : except[0]);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static void update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, List.of(parameters));
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }

    private void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("Catalog: rollback failed: {}", e.toString());
        }
        try {
            cameras.load(connection);
        } catch (SQLException e) {
            log.warn("Catalog: cannot read the cameras again: {}", e.toString());
        }
    }
}
