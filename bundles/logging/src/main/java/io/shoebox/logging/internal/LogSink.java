package io.shoebox.logging.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.osgi.service.log.LogLevel;

/**
 * The two places log lines go: the terminal and the rotating file {@code shoebox.log} in the log
 * folder. If the file cannot be opened the sink still writes to the terminal and says why there.
 */
final class LogSink extends Handler {

    static final String FILE_NAME = "shoebox.log";

    private final List<Handler> targets;

    private LogSink(List<Handler> targets) {
        this.targets = targets;
    }

    static LogSink open(Path logFolder, Threshold threshold, long maxFileBytes, int fileCount,
            OutputStream terminal, ZoneId zone) {
        LogLineFormatter formatter = new LogLineFormatter(zone);
        Handler console = new ConsoleStreamHandler(terminal, formatter);
        console.setLevel(threshold.julLevel());
        Path file = logFolder.resolve(FILE_NAME);
        try {
            Handler rolling = new RollingFileHandler(file, maxFileBytes, fileCount, formatter);
            rolling.setLevel(threshold.julLevel());
            return new LogSink(List.of(console, rolling));
        } catch (IOException | RuntimeException e) {
            console.publish(new LogEntryRecord(LogLevel.ERROR, "io.shoebox.logging", null,
                    "Logging to the terminal only: cannot write " + file + " (" + e + ")", Instant.now(), null));
            return new LogSink(List.of(console));
        }
    }

    @Override
    public void publish(LogRecord record) {
        for (Handler target : targets) {
            target.publish(record);
        }
    }

    @Override
    public void flush() {
        targets.forEach(Handler::flush);
    }

    @Override
    public void close() {
        targets.forEach(Handler::close);
    }

    /**
     * A handler for the java.util.logging root logger that writes here but ignores {@code close()}:
     * the JDK closes root handlers in its own shutdown hook, which may run before the framework
     * has finished stopping and logging.
     */
    Handler julRootHandler() {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                LogSink.this.publish(record);
            }

            @Override
            public void flush() {
                LogSink.this.flush();
            }

            @Override
            public void close() {
                LogSink.this.flush();
            }
        };
    }
}
