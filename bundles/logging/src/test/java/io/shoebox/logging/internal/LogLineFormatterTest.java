package io.shoebox.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class LogLineFormatterTest {

    private final LogLineFormatter formatter = new LogLineFormatter(ZoneId.of("Europe/Paris"));
    private final Instant time = Instant.parse("2025-11-21T22:14:05.123Z");

    @Test
    void writesIsoTimeLevelBundleLoggerAndMessage() {
        LogEntryRecord entry = new LogEntryRecord(LogLevel.INFO, "org.apache.felix.scr", "LogService",
                "Component started", time, null);

        assertThat(formatter.format(entry)).isEqualTo(
                "2025-11-21T23:14:05.123+01:00 INFO  [org.apache.felix.scr] LogService: Component started"
                        + System.lineSeparator());
    }

    @Test
    void keepsTheOsgiLevelNameEvenWhereJavaLoggingHasNone() {
        LogEntryRecord audit = new LogEntryRecord(LogLevel.AUDIT, "io.shoebox.engine", "jobs", "admin logged in",
                time, null);
        LogEntryRecord trace = new LogEntryRecord(LogLevel.TRACE, "io.shoebox.engine", "jobs", "chunk 7",
                time, null);

        assertThat(formatter.format(audit)).contains(" AUDIT [io.shoebox.engine] jobs: admin logged in");
        assertThat(audit.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(formatter.format(trace)).contains(" TRACE [io.shoebox.engine] jobs: chunk 7");
    }

    @Test
    void namesJavaLoggingRecordsByTheirLevelInOsgiTerms() {
        LogRecord record = new LogRecord(Level.WARNING, "Bad request");
        record.setInstant(time);
        record.setLoggerName("org.eclipse.jetty.server.HttpChannel");

        assertThat(formatter.format(record)).isEqualTo(
                "2025-11-21T23:14:05.123+01:00 WARN  [jul] org.eclipse.jetty.server.HttpChannel: Bad request"
                        + System.lineSeparator());
    }

    @Test
    void appendsTheStackTraceAfterTheLine() {
        LogEntryRecord entry = new LogEntryRecord(LogLevel.ERROR, null, "LogService", "Cannot start",
                time, new IllegalStateException("boom"));

        String text = new LogLineFormatter(ZoneOffset.UTC).format(entry);

        assertThat(text).startsWith("2025-11-21T22:14:05.123Z ERROR [-] LogService: Cannot start"
                + System.lineSeparator() + "java.lang.IllegalStateException: boom");
        assertThat(text).contains("\tat io.shoebox.logging.internal.LogLineFormatterTest");
    }

    @Test
    void leavesBracesInMessagesAlone() {
        LogEntryRecord entry = new LogEntryRecord(LogLevel.INFO, "b", "l", "config {0} = {}", time, null);

        assertThat(formatter.format(entry)).contains("l: config {0} = {}");
    }
}
