package io.shoebox.catalog.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.sql.DataSource;

/**
 * A few reusable connections over a plain {@link DataSource} (the OSGi JDBC service hands out
 * unpooled ones). One connection stays open for the pool's whole life: an embedded H2 database
 * closes with its last connection, and opening it again is slow.
 */
final class ConnectionPool implements AutoCloseable {

    private static final long CHECK_AFTER_IDLE_MILLIS = 30_000;

    private record Idle(Connection connection, long since) {
    }

    private final DataSource dataSource;
    private final int maxIdle;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final Connection anchor;
    private boolean closed;

    ConnectionPool(DataSource dataSource, int maxIdle) throws SQLException {
        this.dataSource = dataSource;
        this.maxIdle = maxIdle;
        this.anchor = dataSource.getConnection();
    }

    /** A connection in auto-commit mode; closing the lease gives it back. */
    Lease take() throws SQLException {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new SQLException("the catalog database is closed");
                }
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                return new Lease(dataSource.getConnection());
            }
            if (System.currentTimeMillis() - candidate.since() < CHECK_AFTER_IDLE_MILLIS || candidate.connection().isValid(2)) {
                return new Lease(candidate.connection());
            }
            closeQuietly(candidate.connection());
        }
    }

    private void give(Connection connection, boolean broken) {
        try {
            if (!broken && !connection.isClosed()) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                synchronized (this) {
                    if (!closed && idle.size() < maxIdle) {
                        idle.addFirst(new Idle(connection, System.currentTimeMillis()));
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            // broken: closed below
        }
        closeQuietly(connection);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(entry -> closeQuietly(entry.connection()));
            idle.clear();
        }
        closeQuietly(anchor);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing more to do with it
        }
    }

    /** One borrowed connection. */
    final class Lease implements AutoCloseable {
        private final Connection connection;
        private boolean broken;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        /** Marks the connection as not to be reused (a failure left it in an unknown state). */
        void broken() {
            broken = true;
        }

        @Override
        public void close() {
            give(connection, broken);
        }
    }
}
