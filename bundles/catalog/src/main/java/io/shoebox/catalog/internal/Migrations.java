package io.shoebox.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the schema up to date: the scripts {@code migrations/V1.sql}, {@code V2.sql}, ... next to
 * this class are applied in order, each once, and recorded in {@code catalog_schema}. A script's
 * first comment line is its description. Statements end with a semicolon at the end of a line.
 *
 * <p>On PostgreSQL each script runs in one transaction; H2 commits every DDL statement, so a
 * script that fails half-way there leaves its first statements applied (the catalog can always be
 * dropped and rebuilt from the repositories).
 */
final class Migrations {

    static final String TABLE = "catalog_schema";

    private final ClassLoader loader;
    private final String folder;

    Migrations() {
        this(Migrations.class.getClassLoader(), "io/shoebox/catalog/internal/migrations/");
    }

    Migrations(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder;
    }

    /** A script of this bundle. */
    record Script(int version, String description, List<String> statements) {
    }

    /**
     * Applies every script newer than the schema's version.
     *
     * @return the versions applied, oldest first
     */
    List<Integer> migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            createVersionTable(connection);
            int current = currentVersion(connection);
            List<Integer> applied = new ArrayList<>();
            for (Script script : scriptsAfter(current)) {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : script.statements()) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO " + TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
                    record.setInt(1, script.version());
                    record.setString(2, FileFacts.clip(script.description(), 200));
                    record.setLong(3, Times.micros(java.time.Instant.now()));
                    record.executeUpdate();
                }
                connection.commit();
                applied.add(script.version());
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The newest version recorded, 0 for an empty database. */
    int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT MAX(version) FROM " + TABLE)) {
            row.next();
            return row.getInt(1);
        }
    }

    List<Script> scriptsAfter(int version) {
        List<Script> scripts = new ArrayList<>();
        for (int next = version + 1;; next++) {
            String text = resource(folder + "V" + next + ".sql");
            if (text == null) {
                return scripts;
            }
            scripts.add(parse(next, text));
        }
    }

    static Script parse(int version, String text) {
        String description = "";
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                if (description.isEmpty() && statements.isEmpty() && current.length() == 0) {
                    description = trimmed.substring(2).strip();
                }
                continue;
            }
            if (trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return new Script(version, description, statements);
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] {TABLE, TABLE.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet tables = meta.getTables(null, connection.getSchema(), name, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return;
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (version INTEGER NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        connection.commit();
    }

    private String resource(String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog migration " + name, e);
        }
    }
}
