package io.shoebox.logging.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record, then the stack trace if there is one:
 * {@code 2025-11-21T23:14:05.123+01:00 INFO  [org.apache.felix.scr] LogService: message}.
 * The part in brackets is the bundle that logged; records from java.util.logging show {@code [jul]}.
 */
final class LogLineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ZoneId zone;

    LogLineFormatter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(record.getInstant().atZone(zone))).append(' ');
        String label = record instanceof LogEntryRecord
                ? ((LogEntryRecord) record).levelLabel()
                : Threshold.labelOf(record.getLevel());
        line.append(label);
        for (int i = label.length(); i < 5; i++) {
            line.append(' ');
        }
        String bundle = record instanceof LogEntryRecord ? ((LogEntryRecord) record).bundleName() : "jul";
        line.append(" [").append(bundle == null ? "-" : bundle).append("] ");
        if (record.getLoggerName() != null && !record.getLoggerName().isEmpty()) {
            line.append(record.getLoggerName()).append(": ");
        }
        line.append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.toString();
    }
}
