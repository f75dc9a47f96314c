package io.shoebox.logging.internal;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Makes the server's log visible: every new OSGi log entry, and every java.util.logging record
 * (Jetty logs there through SLF4J), goes to the terminal and to {@code SHOEBOX_HOME/logs/shoebox.log}.
 *
 * <p>While active it sets the root log level of the OSGi Log Service to the configured level
 * (the R7 default is WARN) and replaces the handlers of the java.util.logging root logger; both
 * are put back as they were when it is deactivated. Entries logged before activation are not
 * replayed. A configuration change restarts the component with new files and levels.
 */
@Component(configurationPid = ServerLog.PID)
@Designate(ocd = LoggingConfig.class)
public class ServerLog {

    static final String PID = "shoebox.logging";
    static final String HOME_PROPERTY = "shoebox.home";
    private static final long MIB = 1024L * 1024L;

    private final LogReaderService reader;
    private final LoggerContext rootContext;
    private final Map<String, LogLevel> previousLevels;
    private final Logger julRoot;
    private final Handler[] previousJulHandlers;
    private final Level previousJulLevel;
    private final LogSink sink;
    private final Handler julHandler;
    private final LogListener listener;

    @Activate
    public ServerLog(@Reference(name = "logReader") LogReaderService reader,
            @Reference(name = "loggerAdmin") LoggerAdmin loggerAdmin, LoggingConfig config,
            BundleContext context) {
        this.reader = reader;
        Threshold threshold = config.level();
        String home = context.getProperty(HOME_PROPERTY);
        Path logFolder = Path.of(home == null ? "." : home, "logs").toAbsolutePath().normalize();
        sink = LogSink.open(logFolder, threshold, Math.max(1, config.maxFileSizeMb()) * MIB,
                Math.max(1, config.fileCount()), System.out, ZoneId.systemDefault());

        julRoot = Logger.getLogger("");
        previousJulLevel = julRoot.getLevel();
        previousJulHandlers = julRoot.getHandlers();
        julHandler = sink.julRootHandler();
        for (Handler handler : previousJulHandlers) {
            julRoot.removeHandler(handler);
        }
        julRoot.addHandler(julHandler);
        julRoot.setLevel(threshold.julLevel());

        listener = entry -> {
            if (!FrameworkEvents.isRoutine(entry.getLoggerName(), entry.getLogLevel(), threshold)) {
                sink.publish(LogEntryRecord.of(entry));
            }
        };
        reader.addLogListener(listener);

        rootContext = loggerAdmin.getLoggerContext(null);
        previousLevels = rootContext.getLogLevels();
        Map<String, LogLevel> levels = new HashMap<>(previousLevels);
        levels.put(org.osgi.service.log.Logger.ROOT_LOGGER_NAME, threshold.osgiLevel());
        rootContext.setLogLevels(levels);
    }

    @Deactivate
    void deactivate() {
        rootContext.setLogLevels(previousLevels);
        reader.removeLogListener(listener);
        julRoot.removeHandler(julHandler);
        for (Handler handler : previousJulHandlers) {
            julRoot.addHandler(handler);
        }
        julRoot.setLevel(previousJulLevel);
        sink.close();
    }
}
