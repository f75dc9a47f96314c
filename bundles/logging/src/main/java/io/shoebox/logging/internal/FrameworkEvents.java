package io.shoebox.logging.internal;

import org.osgi.service.log.LogLevel;

/**
 * The Log Service records every bundle, service and framework event (loggers
 * {@code Events.Bundle.<bsn>}, {@code Events.Service.<bsn>}, {@code Events.Framework.<bsn>}) at
 * INFO, whatever the configured log levels: a hundred lines each time the server starts. At INFO
 * they are written only when they are warnings or errors; the server says itself that it started
 * and which plugins run, and the engine reports plugin changes. DEBUG and TRACE show them all.
 */
final class FrameworkEvents {

    private FrameworkEvents() {
    }

    static boolean isRoutine(String loggerName, LogLevel level, Threshold threshold) {
        if (loggerName == null || threshold.compareTo(Threshold.DEBUG) >= 0 || LogLevel.WARN.implies(level)) {
            return false;
        }
        return loggerName.startsWith("Events.");
    }
}
