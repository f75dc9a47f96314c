package io.shoebox.logging.internal;

import java.time.Instant;
import java.util.logging.LogRecord;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/** An OSGi log entry as a java.util.logging record that remembers its bundle and exact OSGi level. */
final class LogEntryRecord extends LogRecord {

    private static final long serialVersionUID = 1L;

    private final String bundleName;
    private final String levelLabel;

    LogEntryRecord(LogLevel level, String bundleName, String loggerName, String message, Instant time,
            Throwable thrown) {
        super(Threshold.julLevelOf(level), message);
        this.levelLabel = level.name();
        this.bundleName = bundleName;
        setLoggerName(loggerName);
        setInstant(time);
        setThrown(thrown);
    }

    static LogEntryRecord of(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        String bundleName = bundle == null ? null : bundle.getSymbolicName();
        return new LogEntryRecord(entry.getLogLevel(), bundleName, entry.getLoggerName(),
                entry.getMessage(), Instant.ofEpochMilli(entry.getTime()), entry.getException());
    }

    String bundleName() {
        return bundleName;
    }

    String levelLabel() {
        return levelLabel;
    }
}
