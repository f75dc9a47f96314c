package io.shoebox.catalog.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.ItemQuery;

/** A catalog on a real H2 database in a temporary folder, over targets kept in memory. */
abstract class CatalogFixture {

    /** A logger that writes nothing. */
    static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    @TempDir
    Path folder;

    final MemorySnapshots snapshots = new MemorySnapshots();
    CatalogDatabase catalog;

    @BeforeEach
    void openCatalog() throws SQLException {
        catalog = open();
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    CatalogDatabase open() throws SQLException {
        return new CatalogDatabase(dataSource(), folder.resolve("thumbnails"), snapshots, snapshots::availableTargets,
                SILENT);
    }

    JdbcDataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("catalog") + ";DB_CLOSE_ON_EXIT=FALSE");
        return dataSource;
    }

    /** Every item, in search order. */
    List<CatalogItem> all() {
        return catalog.search(ItemQuery.all(ItemQuery.MAX_LIMIT)).items();
    }

    List<String> paths(ItemQuery query) {
        return catalog.search(query).items().stream().map(CatalogItem::path).toList();
    }

    CatalogItem item(String source, String path) {
        return catalog.item(ItemIds.of(source, path)).orElseThrow();
    }

    static ItemQuery query() {
        return ItemQuery.all(ItemQuery.MAX_LIMIT);
    }
}
