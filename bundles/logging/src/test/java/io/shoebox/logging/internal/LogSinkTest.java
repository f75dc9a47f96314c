package io.shoebox.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.LogLevel;

class LogSinkTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    @Test
    void writesToTheTerminalAndTheFileAtOrAboveTheThreshold() throws IOException {
        LogSink sink = LogSink.open(home.resolve("logs"), Threshold.INFO, 1024 * 1024, 5, terminal, ZoneOffset.UTC);

        sink.publish(new LogEntryRecord(LogLevel.INFO, "org.apache.felix.scr", "LogService", "visible",
                Instant.EPOCH, null));
        sink.publish(new LogEntryRecord(LogLevel.DEBUG, "org.apache.felix.scr", "LogService", "hidden",
                Instant.EPOCH, null));
        sink.close();

        String file = Files.readString(home.resolve("logs").resolve("shoebox.log"));
        assertThat(file).contains("INFO  [org.apache.felix.scr] LogService: visible").doesNotContain("hidden");
        assertThat(terminal()).isEqualTo(file);
    }

    @Test
    void fallsBackToTheTerminalWhenTheFileCannotBeWritten() throws IOException {
        Path notAFolder = Files.writeString(home.resolve("logs"), "a file where the folder should be");

        LogSink sink = LogSink.open(notAFolder, Threshold.INFO, 1024, 5, terminal, ZoneOffset.UTC);
        sink.publish(new LogEntryRecord(LogLevel.WARN, "b", "l", "still shown", Instant.EPOCH, null));
        sink.close();

        assertThat(terminal()).contains("ERROR [io.shoebox.logging] Logging to the terminal only: cannot write")
                .contains("WARN  [b] l: still shown");
    }

    @Test
    void theJavaLoggingRootHandlerSurvivesTheJdkClosingIt() throws IOException {
        LogSink sink = LogSink.open(home.resolve("logs"), Threshold.INFO, 1024 * 1024, 5, terminal, ZoneOffset.UTC);
        Handler root = sink.julRootHandler();

        root.close();
        LogRecord record = new LogRecord(Level.INFO, "after the JDK closed its handlers");
        record.setLoggerName("org.eclipse.jetty.server.Server");
        root.publish(record);
        sink.close();

        assertThat(Files.readString(home.resolve("logs").resolve("shoebox.log")))
                .contains("INFO  [jul] org.eclipse.jetty.server.Server: after the JDK closed its handlers");
    }

    private String terminal() {
        return terminal.toString(Charset.defaultCharset());
    }
}
