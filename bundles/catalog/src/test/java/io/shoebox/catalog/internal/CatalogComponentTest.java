package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.jdbc.DataSourceFactory;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.snapshot.SnapshotEvents;

/** The DS component without a framework: its references are handed to it as SCR would. */
class CatalogComponentTest {

    @TempDir
    Path home;

    private final MemorySnapshots snapshots = new MemorySnapshots();
    private final DataSourceFactory h2 = new OsgiDataSourceFactory(Driver.load());
    private final Map<String, Object> h2Properties = Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver");
    private Catalog catalog;

    @AfterEach
    void deactivate() throws InterruptedException {
        if (catalog != null) {
            catalog.deactivate();
        }
    }

    @Test
    void itOpensTheDatabaseOfTheConfiguredDriverAndReadsEveryAvailableTarget() throws Exception {
        snapshots.add("disk", "phone", Instant.parse("2024-01-01T00:00:00Z"), Files.photo("a.jpg").file());
        catalog = catalog("org.h2.Driver");
        assertThatThrownBy(() -> catalog.search(ItemQuery.all(10))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no JDBC driver org.h2.Driver");

        catalog.addDataSourceFactory(h2, h2Properties);

        waitFor(() -> catalog.status().items() == 1);
        assertThat(java.nio.file.Files.exists(home.resolve("catalog").resolve("catalog.mv.db"))).isTrue();
    }

    @Test
    void aJobThatChangedATargetsSnapshotsMakesItReadThemAgain() throws Exception {
        snapshots.add("disk", "phone", Instant.parse("2024-01-01T00:00:00Z"), Files.photo("a.jpg").file());
        catalog = catalog("org.h2.Driver");
        catalog.addDataSourceFactory(h2, h2Properties);
        waitFor(() -> catalog.status().snapshots() == 1);
        snapshots.add("disk", "phone", Instant.parse("2024-01-02T00:00:00Z"), Files.photo("a.jpg").file(),
                Files.photo("b.jpg").file());

        Thread.sleep(200);
        assertThat(catalog.status().snapshots()).as("read only when told").isEqualTo(1);

        catalog.handleEvent(new Event(SnapshotEvents.TOPIC_CHANGED, Map.of(SnapshotEvents.TARGET, "disk",
                SnapshotEvents.JOB_ID, "backup-1")));
        waitFor(() -> catalog.status().snapshots() == 2);
        assertThat(catalog.search(ItemQuery.all(10)).total()).isEqualTo(2);
    }

    @Test
    void aDriverOtherThanTheConfiguredOneIsNotUsed() throws Exception {
        catalog = catalog("org.postgresql.Driver");
        catalog.addDataSourceFactory(h2, h2Properties);
        Thread.sleep(200);

        assertThatThrownBy(() -> catalog.search(ItemQuery.all(10))).hasMessageContaining("org.postgresql.Driver");
    }

    @Test
    void whenItsDriverGoesTheCatalogClosesAndSaysWhy() throws Exception {
        catalog = catalog("org.h2.Driver");
        catalog.addDataSourceFactory(h2, h2Properties);
        waitFor(() -> {
            try {
                catalog.search(ItemQuery.all(1));
                return true;
            } catch (UncheckedIOException e) {
                return false;
            }
        });

        catalog.removeDataSourceFactory(h2);

        assertThatThrownBy(() -> catalog.search(ItemQuery.all(10))).hasMessageContaining("driver went away");
    }

    @Test
    void theDefaultDatabaseIsAnH2FileUnderTheDataDirectoryWithTheConfiguredCache() {
        catalog = catalog("org.h2.Driver");

        assertThat(catalog.url()).startsWith("jdbc:h2:file:" + home.toAbsolutePath().resolve("catalog").resolve("catalog"))
                .contains(";CACHE_SIZE=65536");
    }

    private Catalog catalog(String driverClass) {
        CatalogConfig config = (CatalogConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CatalogConfig.class},
                (proxy, method, args) -> method.getName().equals("driverClass") ? driverClass : method.getDefaultValue());
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty") && "shoebox.home".equals(args[0])
                        ? home.toString() : null);
        TargetService targets = (TargetService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TargetService.class}, (proxy, method, args) -> method.getName().equals("list")
                        ? List.of(new TargetInfo("disk", "local", Map.of(), TargetStatus.AVAILABLE, null, Set.of()))
                        : null);
        return new Catalog(CatalogFixture.SILENT, config, context, snapshots, targets);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
