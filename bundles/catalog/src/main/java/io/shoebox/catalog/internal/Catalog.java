package io.shoebox.catalog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.admin.ShoeboxHome;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.catalog.CatalogStatus;
import io.shoebox.api.catalog.DuplicatesReport;
import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.catalog.TimelineEntry;
import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.snapshot.SnapshotEvents;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.api.storage.Storage;

/**
 * The catalog service: a {@link CatalogDatabase} on the database that the OSGi JDBC service offers
 * for the configured driver, kept up to date in the background. It reads new snapshots when a
 * backup, copy or prune job ends on a target, when a target's storage comes (back), and at start.
 */
@Component(service = {CatalogService.class, EventHandler.class}, configurationPid = Catalog.PID)
@EventTopics(SnapshotEvents.TOPIC_CHANGED)
@Designate(ocd = CatalogConfig.class)
public class Catalog implements CatalogService, EventHandler {

    static final String PID = "shoebox.catalog";
    /** Jobs after which a target may hold snapshots the catalog has not read, or no longer holds some it has. */
    private static final long REOPEN_DELAY_SECONDS = 60;

    private final Logger log;
    private final CatalogConfig config;
    private final Path home;
    private final SnapshotService snapshots;
    private final TargetService targets;
    private final ScheduledExecutorService worker;
    private final Map<DataSourceFactory, String> factories = new LinkedHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private DataSourceFactory inUse;
    private volatile CatalogDatabase database;
    private volatile String notOpen = "it is being opened";
    private volatile boolean stopped;

    @Activate
    public Catalog(@Reference(service = LoggerFactory.class) Logger log, CatalogConfig config, BundleContext context,
            @Reference SnapshotService snapshots, @Reference TargetService targets) {
        this.log = log;
        this.config = config;
        this.home = ShoeboxHome.of(context);
        this.snapshots = snapshots;
        this.targets = targets;
        // Below normal priority: indexing must not slow down the backups it follows.
        this.worker = Executors.newSingleThreadScheduledExecutor(Threads.named("catalog", Thread.NORM_PRIORITY - 1));
        this.notOpen = "no JDBC driver " + config.driverClass() + " is registered (OSGi DataSourceFactory)";
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        factories.put(factory, String.valueOf(properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS)));
        chooseFactory();
    }

    synchronized void removeDataSourceFactory(DataSourceFactory factory) {
        factories.remove(factory);
        if (factory == inUse) {
            inUse = null;
            CatalogDatabase open = database;
            database = null;
            notOpen = "its JDBC driver went away";
            if (open != null) {
                open.close();
            }
            chooseFactory();
        }
    }

    private void chooseFactory() {
        if (inUse != null || stopped) {
            return;
        }
        for (Map.Entry<DataSourceFactory, String> entry : factories.entrySet()) {
            if (entry.getValue().equals(config.driverClass())) {
                inUse = entry.getKey();
                DataSourceFactory chosen = inUse;
                worker.execute(() -> open(chosen));
                return;
            }
        }
    }

    private void open(DataSourceFactory factory) {
        CatalogDatabase opened;
        try {
            Properties properties = new Properties();
            properties.setProperty(DataSourceFactory.JDBC_URL, url());
            if (!config.user().isEmpty()) {
                properties.setProperty(DataSourceFactory.JDBC_USER, config.user());
            }
            if (!config.password().isEmpty()) {
                properties.setProperty(DataSourceFactory.JDBC_PASSWORD, config.password());
            }
            DataSource dataSource = factory.createDataSource(properties);
            opened = new CatalogDatabase(dataSource, home.resolve("cache").resolve("thumbnails"), snapshots,
                    this::availableTargets, log);
        } catch (SQLException | RuntimeException e) {
            notOpen = "it cannot be opened: " + e.getMessage();
            log.error("Catalog: cannot open the database {}; trying again in {} s", url(), REOPEN_DELAY_SECONDS, e);
            worker.schedule(() -> {
                synchronized (this) {
                    if (inUse == factory && database == null && !stopped) {
                        worker.execute(() -> open(factory));
                    }
                }
            }, REOPEN_DELAY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        synchronized (this) {
            if (inUse != factory || stopped) {
                opened.close();
                return;
            }
            database = opened;
        }
        log.info("Catalog: database open ({})", config.driverClass());
        opened.syncAll();
    }

    /** The configured URL, or the default H2 database under SHOEBOX_HOME; H2 gets the configured cache. */
    String url() {
        String url = config.url().isBlank()
                ? "jdbc:h2:file:" + home.resolve("catalog").resolve("catalog") + ";DB_CLOSE_ON_EXIT=FALSE"
                : config.url().strip();
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase(Locale.ROOT).contains(";CACHE_SIZE=")
                && config.cacheSizeMb() > 0) {
            url += ";CACHE_SIZE=" + config.cacheSizeMb() * 1024L;
        }
        return url;
    }

    @Reference(service = Storage.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStorage(Map<String, Object> properties) {
        String target = Storage.targetName(properties);
        CatalogDatabase open = database;
        if (target != null && open != null) {
            open.retryUnreadable(target);
            schedule(target);
        }
    }

    void removeStorage(Map<String, Object> properties) {
        // the catalog keeps what it read from an unavailable target
    }

    /** A job changed a target's snapshots: the catalog reads them again. */
    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(SnapshotEvents.TARGET) instanceof String target) {
            schedule(target);
        }
    }

    /** Syncs a target on the catalog's thread; a target already waiting there is not queued twice. */
    private void schedule(String target) {
        if (stopped || !pending.add(target)) {
            return;
        }
        worker.execute(() -> {
            pending.remove(target);
            CatalogDatabase open = database;
            if (open == null || stopped) {
                return;
            }
            try {
                open.sync(target);
            } catch (IOException | RuntimeException e) {
                log.warn("Catalog: cannot read the snapshots of target {}: {}", target, e.toString());
            }
        });
    }

    private List<String> availableTargets() {
        List<String> names = new ArrayList<>();
        for (TargetInfo target : targets.list()) {
            if (target.status() == TargetStatus.AVAILABLE) {
                names.add(target.name());
            }
        }
        return names;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        CatalogDatabase open;
        synchronized (this) {
            stopped = true;
            open = database;
            database = null;
            inUse = null;
        }
        worker.shutdown();
        if (open != null) {
            open.close();
        }
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    private CatalogDatabase database() {
        CatalogDatabase open = database;
        if (open == null) {
            throw new UncheckedIOException(new IOException("the catalog database is not open: " + notOpen));
        }
        return open;
    }

    @Override
    public ItemPage search(ItemQuery query) {
        return database().search(query);
    }

    @Override
    public List<TimelineEntry> timeline(ItemQuery query) {
        return database().timeline(query);
    }

    @Override
    public Optional<CatalogItem> item(String id) {
        return database().item(id);
    }

    @Override
    public Optional<byte[]> thumbnail(String id) throws IOException {
        return database().thumbnail(id);
    }

    @Override
    public DuplicatesReport duplicates(String target) {
        return database().duplicates(target);
    }

    @Override
    public CatalogStatus rebuild() throws IOException {
        try {
            return database().rebuild();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public CatalogStatus status() {
        CatalogDatabase open = database;
        return open == null ? new CatalogStatus(0, 0, false, null) : open.status();
    }
}
