package io.shoebox.logging.internal;

import java.util.logging.Level;

import org.osgi.service.log.LogLevel;

/** The lowest level the server writes, in OSGi terms, with its java.util.logging counterpart. */
public enum Threshold {
    ERROR(LogLevel.ERROR, Level.SEVERE),
    WARN(LogLevel.WARN, Level.WARNING),
    INFO(LogLevel.INFO, Level.INFO),
    DEBUG(LogLevel.DEBUG, Level.FINE),
    TRACE(LogLevel.TRACE, Level.FINEST);

    private final LogLevel osgiLevel;
    private final Level julLevel;

    Threshold(LogLevel osgiLevel, Level julLevel) {
        this.osgiLevel = osgiLevel;
        this.julLevel = julLevel;
    }

    LogLevel osgiLevel() {
        return osgiLevel;
    }

    Level julLevel() {
        return julLevel;
    }

    /** The java.util.logging level an OSGi log entry is written at. AUDIT entries always pass. */
    static Level julLevelOf(LogLevel level) {
        switch (level) {
            case AUDIT:
            case ERROR:
                return Level.SEVERE;
            case WARN:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            case DEBUG:
                return Level.FINE;
            default:
                return Level.FINEST;
        }
    }

    /** The label a java.util.logging level is shown with, in OSGi terms. */
    static String labelOf(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (value >= Level.WARNING.intValue()) {
            return "WARN";
        } else if (value >= Level.CONFIG.intValue()) {
            return "INFO";
        } else if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }
}
