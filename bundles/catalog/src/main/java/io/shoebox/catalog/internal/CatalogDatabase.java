package io.shoebox.catalog.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.osgi.service.log.Logger;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.catalog.CatalogStatus;
import io.shoebox.api.catalog.DuplicatesReport;
import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.catalog.TimelineEntry;
import io.shoebox.api.snapshot.SnapshotService;

/**
 * The catalog on one database, usable without OSGi: give it a {@link DataSource}, a cache folder,
 * the snapshot service and a way to know which targets are available. Opening it brings the
 * schema up to date. {@link #sync(String)} reads what is new on a target; the {@link Catalog}
 * component calls it when jobs end and targets come back.
 *
 * <p>Searches run concurrently with one another and with indexing; indexing, forgetting and
 * rebuilding run one at a time.
 */
public final class CatalogDatabase implements CatalogService, AutoCloseable {

    private static final String LAST_REBUILD = "lastRebuild";

    private final ConnectionPool pool;
    private final SnapshotService snapshots;
    private final Supplier<? extends Collection<String>> availableTargets;
    private final ThumbnailCache thumbnails;
    private final Logger log;
    private final Cameras cameras = new Cameras();
    private final CatalogReader reader = new CatalogReader(cameras);
    private final CatalogWriter writer;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    /** The targets the last rebuild could not read, with why. */
    private volatile Map<String, String> unreadTargets = Map.of();
    private volatile boolean closing;

    /**
     * Opens the catalog, applying the schema migrations it lacks.
     *
     * @param dataSource the database
     * @param thumbnailCache folder for thumbnails read from repositories ({@code SHOEBOX_HOME/cache/thumbnails})
     * @param snapshots where snapshots are listed and walked
     * @param availableTargets names of the targets that can be read now
     * @param log where the catalog logs what it reads and what fails
     */
    public CatalogDatabase(DataSource dataSource, Path thumbnailCache, SnapshotService snapshots,
            Supplier<? extends Collection<String>> availableTargets, Logger log) throws SQLException {
        this.pool = new ConnectionPool(dataSource, 4);
        this.snapshots = snapshots;
        this.availableTargets = availableTargets;
        this.thumbnails = new ThumbnailCache(thumbnailCache);
        this.log = log;
        this.writer = new CatalogWriter(snapshots, cameras, () -> closing, log);
        try (ConnectionPool.Lease lease = pool.take()) {
            List<Integer> applied = new Migrations().migrate(lease.connection());
            if (!applied.isEmpty()) {
                log.info("Catalog: schema migrated to version {}", applied.get(applied.size() - 1));
            }
            cameras.load(lease.connection());
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ reading

    @Override
    public ItemPage search(ItemQuery query) {
        return read(connection -> reader.search(connection, query));
    }

    @Override
    public List<TimelineEntry> timeline(ItemQuery query) {
        return read(connection -> reader.timeline(connection, query));
    }

    @Override
    public Optional<CatalogItem> item(String id) {
        return read(connection -> reader.item(connection, id));
    }

    @Override
    public DuplicatesReport duplicates(String target) {
        return read(connection -> reader.duplicates(connection, target));
    }

    @Override
    public Optional<byte[]> thumbnail(String id) throws IOException {
        record Candidate(String target, String snapshot, String contentKey) {
        }
        String path;
        List<Candidate> candidates = new ArrayList<>();
        try (ConnectionPool.Lease lease = pool.take()) {
            Connection connection = lease.connection();
            try (PreparedStatement select = connection.prepareStatement("SELECT path FROM items WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new NoSuchElementException("no catalog item " + id);
                    }
                    path = row.getString(1);
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT target, last_snapshot, content_key"
                    + " FROM versions WHERE item_id = ? AND has_thumbnail = ? ORDER BY last_time DESC, target")) {
                select.setString(1, id);
                select.setBoolean(2, true);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        candidates.add(new Candidate(row.getString(1), row.getString(2), row.getString(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("catalog database: " + e.getMessage(), e);
        }
        Set<String> available = Set.copyOf(availableTargets.get());
        IOException failure = null;
        boolean answered = false;
        for (Candidate candidate : candidates) {
            String key = ThumbnailCache.key(id, candidate.target(), candidate.contentKey());
            Optional<byte[]> cached = thumbnails.get(key);
            if (cached.isPresent()) {
                return cached;
            }
            if (!available.contains(candidate.target())) {
                continue;
            }
            try {
                Optional<byte[]> jpeg = snapshots.thumbnail(candidate.target(), candidate.snapshot(), path);
                if (jpeg.isPresent()) {
                    thumbnails.put(key, jpeg.get());
                    return jpeg;
                }
                answered = true;
            } catch (IOException | NoSuchElementException e) {
                failure = failure != null ? failure
                        : e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        if (candidates.isEmpty() || answered && failure == null) {
            return Optional.empty(); // no version has one, or the repositories say so
        }
        throw new IOException("no target holding the thumbnail of " + path + " can be read now"
                + (failure == null ? " (targets: " + candidates.stream().map(Candidate::target).distinct().toList() + ")"
                        : ": " + failure.getMessage()), failure);
    }

    @Override
    public CatalogStatus status() {
        return read(connection -> {
            long items = count(connection, "SELECT COUNT(*) FROM items");
            long read = count(connection, "SELECT COUNT(*) FROM snapshots");
            Instant lastRebuild = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT fact FROM catalog_facts WHERE name = ?")) {
                select.setString(1, LAST_REBUILD);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        lastRebuild = Instant.parse(row.getString(1));
                    }
                }
            }
            return new CatalogStatus(items, read, rebuilding.get(), lastRebuild, unreadTargets);
        });
    }

    // ------------------------------------------------------------------ writing

    /**
     * Reads the snapshots of a target that the catalog has not read, and forgets those that no
     * longer exist.
     *
     * @throws IOException when the target's snapshots cannot be listed
     */
    public void sync(String target) throws IOException {
        lockWriting();
        try (ConnectionPool.Lease lease = pool.take()) {
            writer.sync(lease.connection(), target);
        } catch (SQLException e) {
            throw new IOException("catalog database: " + e.getMessage(), e);
        } finally {
            writing.unlock();
        }
    }

    /** {@link #sync(String) Syncs} every available target; a target that fails is logged and skipped. */
    public void syncAll() {
        for (String target : new TreeSet<>(availableTargets.get())) {
            if (closing) {
                return;
            }
            try {
                sync(target);
            } catch (IOException | RuntimeException e) {
                log.warn("Catalog: cannot read the snapshots of target {}: {}", target, e.toString());
            }
        }
    }

    /** Tries again, at the next sync, the snapshots of a target whose walk failed before. */
    public void retryUnreadable(String target) {
        writer.retryUnreadable(target);
    }

    @Override
    public CatalogStatus rebuild() throws IOException {
        if (!rebuilding.compareAndSet(false, true)) {
            throw new IllegalStateException("a rebuild of the catalog is already running");
        }
        try {
            lockWriting();
            long started = System.nanoTime();
            Map<String, String> unread = new TreeMap<>();
            try (ConnectionPool.Lease lease = pool.take()) {
                Connection connection = lease.connection();
                writer.clear(connection);
                writer.retryUnreadable();
                for (String target : new TreeSet<>(availableTargets.get())) {
                    try {
                        writer.sync(connection, target);
                    } catch (IOException | RuntimeException e) {
                        // one target that cannot be read (unreachable, a secret that does not open) spoils no other
                        log.warn("Catalog rebuild: cannot read target {}: {}", target, e.toString());
                        unread.put(target, e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                }
                setFact(connection, LAST_REBUILD, Instant.now().toString());
            } catch (SQLException e) {
                throw new IOException("catalog database: " + e.getMessage(), e);
            } finally {
                unreadTargets = Map.copyOf(unread);
                writing.unlock();
            }
            log.info("Catalog: rebuilt in {} ms", (System.nanoTime() - started) / 1_000_000);
        } finally {
            rebuilding.set(false);
        }
        return status();
    }

    /** Stops indexing at its next batch (what it had not committed is read again next time) and closes the database. */
    @Override
    public void close() {
        closing = true;
        writing.lock();
        try {
            pool.close();
        } finally {
            writing.unlock();
        }
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        try (ConnectionPool.Lease lease = pool.take()) {
            try {
                return query.run(lease.connection());
            } catch (SQLException e) {
                lease.broken();
                throw e;
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("catalog database: " + e.getMessage(), e));
        }
    }

    private void lockWriting() throws InterruptedIOException {
        try {
            writing.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the catalog's writer");
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void setFact(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE catalog_facts SET fact = ? WHERE name = ?")) {
            update.setString(1, value);
            update.setString(2, name);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO catalog_facts (name, fact) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, value);
            insert.executeUpdate();
        }
    }
}
