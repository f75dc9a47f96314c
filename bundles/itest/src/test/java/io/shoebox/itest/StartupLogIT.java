package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator reads when the server starts at the default log level. */
class StartupLogIT {

    /** The libraries whose own start-up lines are written only at DEBUG. */
    private static final List<String> CHATTY = List.of("spifly", "org.eclipse.jetty", "fileinstall", "Events.",
            "org.atmosphere", "com.vaadin");

    @TempDir
    Path work;

    @AutoClose
    RunningServer server;

    @Test
    void a_normal_start_says_in_under_25_lines_where_the_server_is_and_what_it_runs() throws Exception {
        server = RunningServer.start(work, RunningServer.PASSWORD);
        server.awaitUp(Duration.ofSeconds(90));
        Path log = server.home.resolve("logs/shoebox.log");
        Await.until("the start-up report lists the plugins", Duration.ofSeconds(30),
                () -> lines(log).stream().anyMatch(line -> line.contains("Plugins: ")));

        List<String> lines = lines(log);
        assertThat(lines).as("the log of a start").hasSizeLessThan(25);
        assertThat(lines).anyMatch(line -> line.contains("Shoebox ") && line.contains(" is running: console and REST API at http://"));
        assertThat(lines).anyMatch(line -> line.contains("Targets: local (local, available)"));
        assertThat(lines).anyMatch(line -> line.contains("Plugins: ") && line.contains("S3 storage")
                && line.contains("media metadata"));
        assertThat(lines).noneMatch(line -> line.contains(" ERROR ") || line.contains("Exception"));
        for (String library : CHATTY) {
            assertThat(lines).as("lines of " + library).noneMatch(line -> line.contains(library));
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
