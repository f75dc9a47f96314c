package io.shoebox.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
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
import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.api.storage.Storage;

/**
 * The catalog service: a {@link CatalogDatabase} on the database that the OSGi JDBC service offers
 * for the configured driver, kept up to date in the background. It reads new snapshots when a
 * backup, copy or prune job ends on a target, when a target's storage comes (back), and at start.
 */
@Component(service = {CatalogService.class, EventHandler.class}, configurationPid = Catalog.PID)
@EventTopics(JobEvents.TOPIC_STATE)
@Designate(ocd = CatalogConfig.class)
public class Catalog implements CatalogService, EventHandler {

    static final String PID = "shoebox.catalog";
    /** Jobs after which a target may hold snapshots the catalog has not read, or no longer holds some it has. */
    static final Set<String> SYNCING_JOB_TYPES = Set.of("backup", "copy", "prune");
    private static final long REOPEN_DELAY_SECONDS = 60;
    private static final Logger LOG = System.getLogger(Catalog.class.getPackageName());

    private final CatalogConfig config;
    private final Path home;
    private final SnapshotService snapshots;
    private final TargetService targets;
    private final JobService jobs;
    private final ScheduledExecutorService worker;
    private final Map<DataSourceFactory, String> factories = new LinkedHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private DataSourceFactory inUse;
    private volatile CatalogDatabase database;
    private volatile String notOpen = "it is being opened";
    private volatile boolean stopped;

    @Activate
    public Catalog(CatalogConfig config, BundleContext context, @Reference SnapshotService snapshots,
            @Reference TargetService targets, @Reference JobService jobs) {
        this.config = config;
        this.home = ShoeboxHome.of(context);
        this.snapshots = snapshots;
        this.targets = targets;
        this.jobs = jobs;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "shoebox-catalog");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
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
                    this::availableTargets);
        } catch (SQLException | RuntimeException e) {
            notOpen = "it cannot be opened: " + e.getMessage();
            LOG.log(Level.ERROR, "Catalog: cannot open the database " + url() + "; trying again in "
                    + REOPEN_DELAY_SECONDS + " s", e);
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
        LOG.log(Level.INFO, "Catalog: database open ({0})", config.driverClass());
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

    @Override
    public void handleEvent(Event event) {
        Object state = event.getProperty(JobEvents.JOB_STATE);
        Object id = event.getProperty(JobEvents.JOB_ID);
        if (state == null || id == null || !isFinal(state.toString())) {
            return;
        }
        jobs.get(id.toString()).map(JobInfo::request)
                .filter(request -> SYNCING_JOB_TYPES.contains(request.type()) && request.target() != null)
                .ifPresent(request -> schedule(request.target()));
    }

    private static boolean isFinal(String state) {
        try {
            return JobState.valueOf(state).isFinal();
        } catch (IllegalArgumentException e) {
            return false;
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
                LOG.log(Level.WARNING, "Catalog: cannot read the snapshots of target {0}: {1}", target, e.toString());
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
