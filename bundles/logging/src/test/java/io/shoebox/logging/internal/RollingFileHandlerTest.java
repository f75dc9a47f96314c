package io.shoebox.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.LogLevel;

class RollingFileHandlerTest {

    @TempDir
    Path dir;

    private final LogLineFormatter formatter = new LogLineFormatter(ZoneOffset.UTC);

    @Test
    void createsTheFolderAndAppendsToTheCurrentFile() throws IOException {
        Path file = dir.resolve("logs").resolve("shoebox.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "from the last run\n");

        RollingFileHandler handler = new RollingFileHandler(file, 1024 * 1024, 3, formatter);
        handler.publish(entry("first"));
        handler.close();

        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("from the last run");
        assertThat(Files.readString(file)).contains("first");
    }

    @Test
    void rotatesBySizeAndKeepsAtMostCountFiles() throws IOException {
        Path file = dir.resolve("logs").resolve("shoebox.log");
        int lineLength = formatter.format(entry("message 00")).getBytes(StandardCharsets.UTF_8).length;

        RollingFileHandler handler = new RollingFileHandler(file, 3L * lineLength, 3, formatter);
        for (int i = 0; i < 20; i++) {
            handler.publish(entry(String.format("message %02d", i)));
        }
        handler.close();

        assertThat(logFiles()).containsExactly("shoebox.log", "shoebox.log.1", "shoebox.log.2");
        assertThat(messages(file.resolveSibling("shoebox.log.2"))).containsExactly("12", "13", "14");
        assertThat(messages(file.resolveSibling("shoebox.log.1"))).containsExactly("15", "16", "17");
        assertThat(messages(file)).containsExactly("18", "19");
    }

    @Test
    void withOneFileStartsAgainFromEmpty() throws IOException {
        Path file = dir.resolve("shoebox.log");
        int lineLength = formatter.format(entry("message 00")).getBytes(StandardCharsets.UTF_8).length;

        RollingFileHandler handler = new RollingFileHandler(file, 2L * lineLength, 1, formatter);
        for (int i = 0; i < 5; i++) {
            handler.publish(entry(String.format("message %02d", i)));
        }
        handler.close();

        assertThat(logFiles()).containsExactly("shoebox.log");
        assertThat(messages(file)).containsExactly("04");
    }

    @Test
    void dropsRecordsBelowItsLevel() throws IOException {
        Path file = dir.resolve("shoebox.log");
        RollingFileHandler handler = new RollingFileHandler(file, 1024, 2, formatter);
        handler.setLevel(Threshold.INFO.julLevel());

        handler.publish(new LogEntryRecord(LogLevel.DEBUG, "b", "l", "message 01", Instant.EPOCH, null));
        handler.publish(entry("message 02"));
        handler.close();

        assertThat(messages(file)).containsExactly("02");
    }

    @Test
    void refusesNonsenseLimits() {
        assertThatThrownBy(() -> new RollingFileHandler(dir.resolve("x.log"), 0, 2, formatter))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollingFileHandler(dir.resolve("x.log"), 10, 0, formatter))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LogEntryRecord entry(String message) {
        return new LogEntryRecord(LogLevel.INFO, "io.shoebox.test", "test", message, Instant.EPOCH, null);
    }

    private List<String> logFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> messages(Path file) throws IOException {
        List<String> numbers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            numbers.add(line.substring(line.lastIndexOf(' ') + 1));
        }
        return numbers;
    }
}
