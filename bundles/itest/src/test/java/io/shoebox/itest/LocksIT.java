package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A fresh exclusive lock that nobody will release (here, a repair's lock put back after the repair
 * ended) stops backups, with the holder named. A check still runs, since it takes no lock. The
 * operator sees the lock, the {@code unlock} job leaves a fresh lock alone unless asked for every
 * lock and that is confirmed with the target's name, and then backups run again.
 */
class LocksIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path work;

    @Test
    void a_lock_left_behind_is_shown_and_removed_only_when_confirmed_while_checks_go_on() throws Exception {
        Path library = work.resolve("library");
        PhotoLibrary.create(library, 30, 30_000_000);
        RunningServer server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        Path locks = server.home.resolve("repositories/local/locks");
        try {
            server.awaitUp(Duration.ofSeconds(90));
            assertThat(server.postJson("/api/v1/sources", RunningServer.admin(), Map.of("name", "camera", "type", "folder",
                    "config", Map.of("path", library.toString()))).status()).isEqualTo(201);
            assertThat(server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT)
                    .path("state").asText()).isEqualTo("SUCCEEDED");

            AtomicReference<byte[]> lock = new AtomicReference<>();
            AtomicReference<String> lockName = new AtomicReference<>();
            String repair = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "repair", "target", "local"))
                    .json().path("id").asText();
            Await.until("the repair holds its lock", Duration.ofSeconds(60), () -> copyALock(locks, lock, lockName));
            assertThat(server.awaitJob(repair, JOB_TIMEOUT).path("state").asText()).isEqualTo("SUCCEEDED");
            Files.createDirectories(locks); // the last lock released took the empty folder with it
            Files.write(locks.resolve(lockName.get()), lock.get());

            JsonNode held = server.get("/api/v1/targets/local/locks", RunningServer.admin()).json();
            assertThat(held).hasSize(1);
            assertThat(held.get(0).path("exclusive").asBoolean()).isTrue();
            assertThat(held.get(0).path("stale").asBoolean()).isFalse();

            JsonNode refused = server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT);
            assertThat(refused.path("state").asText()).isEqualTo("FAILED");
            assertThat(refused.path("error").asText()).contains("locked").contains("exclusive");

            JsonNode check = server.runJob(Map.of("type", "check", "target", "local"), JOB_TIMEOUT);
            assertThat(check.path("state").asText()).as("a check needs no lock: " + check).isEqualTo("SUCCEEDED");

            JsonNode staleOnly = server.runJob(Map.of("type", "unlock", "target", "local"), JOB_TIMEOUT);
            assertThat(staleOnly.path("result").path("removed")).isEmpty();
            assertThat(staleOnly.path("result").path("remaining")).hasSize(1);

            RunningServer.Response unconfirmed = server.postJson("/api/v1/jobs", RunningServer.admin(),
                    Map.of("type", "unlock", "target", "local", "options", Map.of("all", true)));
            assertThat(unconfirmed.status()).isEqualTo(400);
            assertThat(unconfirmed.body()).contains("options.confirm");

            JsonNode all = server.runJob(Map.of("type", "unlock", "target", "local", "options",
                    Map.of("all", true, "confirm", "local")), JOB_TIMEOUT);
            assertThat(all.path("state").asText()).as(all.toString()).isEqualTo("SUCCEEDED");
            assertThat(all.path("result").path("removed")).hasSize(1);
            assertThat(server.get("/api/v1/targets/local/locks", RunningServer.admin()).json()).isEmpty();

            assertThat(server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT)
                    .path("state").asText()).isEqualTo("SUCCEEDED");
        } finally {
            server.close();
        }
    }

    /** Copies the first lock object found, as it is, and remembers its name. */
    private static boolean copyALock(Path locks, AtomicReference<byte[]> lock, AtomicReference<String> name) {
        if (!Files.isDirectory(locks)) {
            return false;
        }
        try (Stream<Path> objects = Files.list(locks)) {
            for (Path object : objects.toList()) {
                try {
                    lock.set(Files.readAllBytes(object));
                    name.set(object.getFileName().toString());
                    return true;
                } catch (IOException e) {
                    // released between listing and reading: take the next one
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
