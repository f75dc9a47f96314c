package io.shoebox.logging.internal;

import org.osgi.service.log.LogLevel;

/**
 * The Log Service records every bundle and service event (loggers {@code Events.Bundle.<bsn>} and
 * {@code Events.Service.<bsn>}) at INFO, whatever the configured log levels: a hundred lines each
 * time the server starts. They are written only at DEBUG and TRACE; plugin changes are reported
 * by FileInstall and the engine, and framework events ({@code Events.Framework}) are always kept.
 */
final class FrameworkEvents {

    private FrameworkEvents() {
    }

    static boolean isRoutine(String loggerName, LogLevel level, Threshold threshold) {
        if (loggerName == null || threshold.compareTo(Threshold.DEBUG) >= 0 || LogLevel.WARN.implies(level)) {
            return false;
        }
        return loggerName.startsWith("Events.Bundle.") || loggerName.startsWith("Events.Service.");
    }
}
