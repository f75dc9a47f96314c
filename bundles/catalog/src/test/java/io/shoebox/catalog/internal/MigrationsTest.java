package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path folder;

    private Connection connect() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("catalog"));
        return dataSource.getConnection();
    }

    @Test
    void anEmptyDatabaseGetsEveryScriptInOrderAndRecordsThem() throws SQLException {
        try (Connection connection = connect()) {
            List<Integer> applied = new Migrations().migrate(connection);

            assertThat(applied).startsWith(1).isSorted();
            assertThat(new Migrations().currentVersion(connection)).isEqualTo(applied.get(applied.size() - 1));
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT description FROM catalog_schema WHERE version = 1")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).contains("catalog");
            }
            for (String table : List.of("snapshots", "items", "versions", "cameras", "catalog_facts")) {
                try (Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(row.next()).as(table).isTrue();
                }
            }
        }
    }

    @Test
    void runningAgainChangesNothingAndKeepsTheData() throws SQLException {
        try (Connection connection = connect()) {
            new Migrations().migrate(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO catalog_facts (name, fact) VALUES ('kept', 'yes')");
            }
        }
        try (Connection connection = connect()) {
            assertThat(new Migrations().migrate(connection)).isEmpty();
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT fact FROM catalog_facts WHERE name = 'kept'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("yes");
            }
        }
    }

    @Test
    void aCatalogOpenedTwiceOnOneDatabaseKeepsWhatItRead() throws SQLException, java.io.IOException {
        MemorySnapshots snapshots = new MemorySnapshots();
        snapshots.add("disk", "phone", Instant.parse("2024-01-01T00:00:00Z"), Files.photo("a.jpg").file());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("catalog"));
        try (CatalogDatabase catalog = new CatalogDatabase(dataSource, folder, snapshots, snapshots::availableTargets,
                CatalogFixture.SILENT)) {
            catalog.sync("disk");
        }
        try (CatalogDatabase catalog = new CatalogDatabase(dataSource, folder, snapshots, snapshots::availableTargets,
                CatalogFixture.SILENT)) {
            assertThat(catalog.status().items()).isEqualTo(1);
            assertThat(catalog.status().snapshots()).isEqualTo(1);
        }
    }

    @Test
    void scriptsSplitIntoStatementsAtSemicolonsEndingALine() {
        Migrations.Script script = Migrations.parse(7, """
                -- Adds a thing
                -- more words
                CREATE TABLE a (
                    x INTEGER
                );

                CREATE INDEX a_x ON a (x);
                """);

        assertThat(script.version()).isEqualTo(7);
        assertThat(script.description()).isEqualTo("Adds a thing");
        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(0)).startsWith("CREATE TABLE a (").endsWith(")");
        assertThat(script.statements().get(1)).isEqualTo("CREATE INDEX a_x ON a (x)");
    }

    @Test
    void scriptsAfterAVersionAreFoundByNumberUntilOneIsMissing() {
        Migrations migrations = new Migrations();
        assertThat(migrations.scriptsAfter(0)).extracting(Migrations.Script::version).startsWith(1);
        assertThat(migrations.scriptsAfter(1000)).isEmpty();
    }
}
