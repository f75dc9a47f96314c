package io.shoebox.catalog.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.shoebox.api.snapshot.SnapshotFile;
import io.shoebox.api.snapshot.SnapshotInfo;

/**
 * Writes one snapshot into the catalog, in batches. A file whose fingerprint is the one it had in
 * the previous snapshot of its source on this target extends its version run (one narrow update,
 * and nothing else); another starts a new run, and its item is inserted, or updated unless a
 * newer run of it exists (on another target).
 *
 * <p>The work is committed every {@link #commitEvery} files, which keeps H2's transactions small
 * and its pages in cache; the {@code reading} fact written first says which snapshot is being
 * read, so that {@link CatalogWriter#repair} can undo a read that a crash cut short. The snapshot
 * counts as read once its row in {@code snapshots} is committed, with the last batch.
 */
final class SnapshotIndexer {

    static final int BATCH = 1000;
    /** Files written between commits; tests make it small. */
    static int commitEvery = 20_000;
    static final String READING_FACT = "reading";

    static final String FILE_SET = FileFacts.COLUMNS.stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
    static final String FILE_COLUMNS = String.join(", ", FileFacts.COLUMNS);
    static final String FILE_PARAMETERS = FileFacts.COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));

    static final String UPDATE_ITEM = "UPDATE items SET " + FILE_SET + ", newest_target = ? WHERE id = ?";
    /** Unless a run of the item on some target reaches a later snapshot. */
    private static final String UNLESS_NEWER = " AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.item_id = items.id"
            + " AND v.last_time > ?)";
    private static final String INSERT_ITEM = "INSERT INTO items (id, source, path, " + FILE_COLUMNS + ", newest_target)";
    private static final String ITEM_PARAMETERS = "?, ?, ?, " + FILE_PARAMETERS + ", ?";
    private static final String INSERT_RUN = "INSERT INTO versions (item_id, target, source, first_snapshot, first_time,"
            + " last_snapshot, last_time, fingerprint, " + FILE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            + FILE_PARAMETERS + ")";
    private static final String EXTEND_RUN = "UPDATE versions SET last_snapshot = ?, last_time = ?"
            + " WHERE item_id = ? AND target = ? AND last_snapshot = ? AND fingerprint = ?";

    private final Connection connection;
    private final Cameras cameras;
    private final String target;
    private final SnapshotInfo snapshot;
    private final long time;
    private final String previous;
    private final BooleanSupplier cancelled;
    /** No item of this source exists yet: items are inserted without asking first. */
    private final boolean newSource;
    /** Only this target holds the source: an unchanged file's item was read from this very run. */
    private final boolean onlyTarget;

    private final List<CatalogFile> pending = new ArrayList<>(BATCH);
    /** Files that may be half of a Live Photo by content identifier: written once the whole snapshot is seen. */
    private final List<CatalogFile> unpaired = new ArrayList<>();
    private long files;
    private long uncommitted;

    /**
     * Starts reading a snapshot: records it as being read. The connection must not auto-commit.
     *
     * @param previous the snapshot of the same source on the target read before this one, or {@code null}
     * @param cancelled asked between batches; true stops the walk with a {@link CancelledException}
     */
    SnapshotIndexer(Connection connection, Cameras cameras, String target, SnapshotInfo snapshot, String previous,
            BooleanSupplier cancelled) throws SQLException {
        this.connection = connection;
        this.cameras = cameras;
        this.target = target;
        this.snapshot = snapshot;
        this.time = Times.micros(snapshot.time());
        this.previous = previous;
        this.cancelled = cancelled;
        try (PreparedStatement any = connection.prepareStatement(
                "SELECT id FROM items WHERE source = ? FETCH FIRST 1 ROWS ONLY")) {
            any.setString(1, snapshot.source());
            try (ResultSet row = any.executeQuery()) {
                this.newSource = !row.next();
            }
        }
        try (PreparedStatement others = connection.prepareStatement(
                "SELECT target FROM snapshots WHERE source = ? AND target <> ? FETCH FIRST 1 ROWS ONLY")) {
            others.setString(1, snapshot.source());
            others.setString(2, target);
            try (ResultSet row = others.executeQuery()) {
                this.onlyTarget = !row.next();
            }
        }
        try (PreparedStatement reading = connection.prepareStatement(
                "INSERT INTO catalog_facts (name, fact) VALUES (?, ?)")) {
            reading.setString(1, READING_FACT);
            reading.setString(2, target + '\n' + snapshot.id() + '\n' + (previous == null ? "" : previous));
            reading.executeUpdate();
        }
    }

    /** Thrown out of a walk when the catalog closes meanwhile. */
    static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("the catalog is closing", null, false, false);
        }
    }

    /** Carries an SQL failure out of the walk's visitor. */
    static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** The walk's visitor: groups files by folder and writes them. */
    FolderGroups visitor() {
        return new FolderGroups(this::addFolder);
    }

    private void addFolder(List<SnapshotFile> folderFiles) {
        try {
            for (CatalogFile file : FolderFiles.arrange(folderFiles)) {
                add(file);
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    void add(CatalogFile file) throws SQLException {
        files++;
        if (file.facts().contentIdentifier() != null && file.facts().livePair() == null) {
            unpaired.add(file);
            return;
        }
        write(file);
    }

    private void write(CatalogFile file) throws SQLException {
        pending.add(file);
        if (pending.size() >= BATCH) {
            flush();
            if (cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
        }
    }

    /** Writes what is left, with the Live Photos paired by content identifier, and marks the snapshot read. */
    long finish() throws SQLException {
        for (CatalogFile file : pairByIdentifier()) {
            write(file);
        }
        unpaired.clear();
        flush();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO snapshots (target, snapshot_id, source,"
                + " snapshot_time, files, read_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, target);
            insert.setString(2, snapshot.id());
            insert.setString(3, snapshot.source());
            insert.setLong(4, time);
            insert.setLong(5, files);
            insert.setLong(6, Times.micros(Instant.now()));
            insert.executeUpdate();
        }
        try (PreparedStatement done = connection.prepareStatement("DELETE FROM catalog_facts WHERE name = ?")) {
            done.setString(1, READING_FACT);
            done.executeUpdate();
        }
        return files;
    }

    /** Pairs the photo and the video of Live Photos that only their content identifier links. */
    private List<CatalogFile> pairByIdentifier() {
        Map<String, CatalogFile> photos = new HashMap<>();
        Map<String, CatalogFile> videos = new HashMap<>();
        for (CatalogFile file : unpaired) {
            String identifier = file.facts().contentIdentifier();
            if (FolderFiles.liveVideo(file)) {
                videos.putIfAbsent(identifier, file);
            } else if (FolderFiles.livePhoto(file)) {
                photos.putIfAbsent(identifier, file);
            }
        }
        List<CatalogFile> paired = new ArrayList<>(unpaired.size());
        for (CatalogFile file : unpaired) {
            String identifier = file.facts().contentIdentifier();
            CatalogFile photo = photos.get(identifier);
            CatalogFile video = videos.get(identifier);
            CatalogFile other = photo == file ? video : video == file ? photo : null;
            paired.add(other == null ? file
                    : new CatalogFile(file.path(), file.folder(), file.name(), file.facts().withLivePair(other.path())));
        }
        return paired;
    }

    private void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        int count = pending.size();
        String[] ids = new String[count];
        String[] fingerprints = new String[count];
        for (int i = 0; i < count; i++) {
            CatalogFile file = pending.get(i);
            ids[i] = ItemIds.of(snapshot.source(), file.path());
            fingerprints[i] = file.facts().fingerprint();
        }
        boolean[] extended = previous == null ? new boolean[count] : extendRuns(ids, fingerprints);
        Integer[] cameraIds = new Integer[count];
        for (int i = 0; i < count; i++) {
            if (!extended[i] || !onlyTarget) {
                CatalogFile file = pending.get(i);
                cameraIds[i] = cameras.id(connection, file.facts().make(), file.facts().model());
            }
        }
        insertRuns(ids, fingerprints, cameraIds, extended);
        writeItems(ids, cameraIds, extended);
        pending.clear();
        uncommitted += count;
        if (uncommitted >= commitEvery) {
            connection.commit();
            uncommitted = 0;
        }
    }

    /** Extends the runs of files unchanged since the previous snapshot; true for those extended. */
    private boolean[] extendRuns(String[] ids, String[] fingerprints) throws SQLException {
        try (PreparedStatement extend = connection.prepareStatement(EXTEND_RUN)) {
            for (int i = 0; i < ids.length; i++) {
                extend.setString(1, snapshot.id());
                extend.setLong(2, time);
                extend.setString(3, ids[i]);
                extend.setString(4, target);
                extend.setString(5, previous);
                extend.setString(6, fingerprints[i]);
                extend.addBatch();
            }
            return updated(extend.executeBatch());
        }
    }

    private void insertRuns(String[] ids, String[] fingerprints, Integer[] cameraIds, boolean[] extended)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RUN)) {
            boolean any = false;
            for (int i = 0; i < ids.length; i++) {
                if (extended[i]) {
                    continue;
                }
                insert.setString(1, ids[i]);
                insert.setString(2, target);
                insert.setString(3, snapshot.source());
                insert.setString(4, snapshot.id());
                insert.setLong(5, time);
                insert.setString(6, snapshot.id());
                insert.setLong(7, time);
                insert.setString(8, fingerprints[i]);
                pending.get(i).facts().bind(insert, 9, cameraIds[i]);
                insert.addBatch();
                any = true;
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    /**
     * Writes the items of new runs, and of extended runs when another target may have set the item
     * meanwhile: updated unless a newer run exists, inserted when new.
     */
    private void writeItems(String[] ids, Integer[] cameraIds, boolean[] extended) throws SQLException {
        boolean[] written = new boolean[ids.length];
        if (onlyTarget) {
            written = extended.clone();
        }
        if (!newSource) {
            List<Integer> tried = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement(UPDATE_ITEM + UNLESS_NEWER)) {
                for (int i = 0; i < ids.length; i++) {
                    if (written[i]) {
                        continue;
                    }
                    int next = pending.get(i).facts().bind(update, 1, cameraIds[i]);
                    update.setString(next++, target);
                    update.setString(next++, ids[i]);
                    update.setLong(next, time);
                    update.addBatch();
                    tried.add(i);
                }
                if (!tried.isEmpty()) {
                    boolean[] done = updated(update.executeBatch());
                    for (int k = 0; k < done.length; k++) {
                        written[tried.get(k)] = done[k];
                    }
                }
            }
        }
        String sql = newSource ? INSERT_ITEM + " VALUES (" + ITEM_PARAMETERS + ")"
                : INSERT_ITEM + " SELECT " + ITEM_PARAMETERS + " WHERE NOT EXISTS (SELECT 1 FROM items WHERE id = ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            boolean any = false;
            for (int i = 0; i < ids.length; i++) {
                if (written[i]) {
                    continue;
                }
                CatalogFile file = pending.get(i);
                insert.setString(1, ids[i]);
                insert.setString(2, snapshot.source());
                FileFacts.setString(insert, 3, file.path(), FileFacts.PATH_LENGTH);
                int next = file.facts().bind(insert, 4, cameraIds[i]);
                insert.setString(next++, target);
                if (!newSource) {
                    insert.setString(next, ids[i]);
                }
                insert.addBatch();
                any = true;
            }
            if (any) {
                insert.executeBatch();
            }
        }
    }

    /** Which statements of a batch changed a row. */
    private static boolean[] updated(int[] counts) {
        boolean[] changed = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            changed[i] = counts[i] > 0;
        }
        return changed;
    }
}
