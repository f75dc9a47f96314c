package io.shoebox.notifications;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log lines of this bundle, as written: its System.Logger goes to java.util.logging outside
 * OSGi as inside (where the server's log takes JUL records in), so a handler on the package's
 * logger sees exactly what operators would.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.shoebox.notifications");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    CapturedLog() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<String> warnings() {
        return lines.stream().filter(line -> line.startsWith(Level.WARNING.getName())).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
