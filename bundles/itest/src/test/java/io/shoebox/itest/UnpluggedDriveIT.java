package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An external drive unplugged in the middle of a backup: the backup fails and says why, nothing at
 * all is written where the drive was mounted (not a folder, not a temporary file), the target shows
 * as unavailable, and a restarted server does not mistake the empty mount point for a new target. When
 * the drive is back, everything works again and the repository checks clean.
 */
class UnpluggedDriveIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void a_drive_unplugged_mid_backup_leaves_nothing_at_its_mount_point_and_shows_as_unavailable() throws Exception {
        Path library = work.resolve("library");
        for (int i = 0; i < 40; i++) {
            PhotoLibrary.binary(library.resolve("Videos/clip-" + i + ".mov"), 4_000_000, 700 + i);
        }
        Path mount = Files.createDirectories(work.resolve("media/usb"));
        Path unplugged = work.resolve("unplugged-drive");

        RunningServer server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        try {
            server.awaitUp(Duration.ofSeconds(90));
            assertThat(server.postJson("/api/v1/sources", RunningServer.admin(), Map.of("name", "camera", "type", "folder",
                    "config", Map.of("path", library.toString()))).status()).isEqualTo(201);
            // the riskiest setting: the folder may be created, so only Shoebox's own care keeps the system disk clean
            assertThat(server.postJson("/api/v1/targets", RunningServer.admin(), Map.of("name", "usb", "type", "local",
                    "config", Map.of("path", mount.resolve("shoebox").toString(), "createIfMissing", true),
                    "password", "the drive's password")).status()).isEqualTo(201);

            String id = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "backup", "source", "camera",
                    "target", "usb")).json().path("id").asText();
            RunningServer running = server;
            Await.until("the backup is under way", Duration.ofMinutes(2), () -> progress(running, id) > 0.2);
            Files.move(mount, unplugged);
            Files.createDirectories(mount); // the empty folder an unmounted drive leaves behind

            JsonNode backup = server.awaitJob(id, JOB_TIMEOUT);
            assertThat(backup.path("state").asText()).as(backup.toString()).isEqualTo("FAILED");
            assertThat(backup.path("error").asText()).containsAnyOf("unplugged", "mounted");
            assertThat(listing(mount)).as("nothing written at the mount point").isEmpty();
            assertUnavailable(server);

            JsonNode another = server.runJob(Map.of("type", "backup", "source", "camera", "target", "usb"), JOB_TIMEOUT);
            assertThat(another.path("state").asText()).isEqualTo("FAILED");
            assertThat(listing(mount)).isEmpty();

            server.close();
            server = server.restart();
            server.awaitUp(Duration.ofSeconds(90));
            assertUnavailable(server);
            JsonNode afterRestart = server.runJob(Map.of("type", "backup", "source", "camera", "target", "usb"),
                    JOB_TIMEOUT);
            assertThat(afterRestart.path("state").asText()).isEqualTo("FAILED");
            assertThat(afterRestart.path("error").asText()).contains("not there any more");
            assertThat(listing(mount)).as("a restarted server does not start a new repository there").isEmpty();

            Files.delete(mount);
            Files.move(unplugged, mount);
            JsonNode test = server.postJson("/api/v1/targets/usb/test", RunningServer.admin(), Map.of()).json();
            assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();
            assertThat(server.get("/api/v1/targets/usb", RunningServer.admin()).json().path("status").asText())
                    .isEqualTo("AVAILABLE");
            JsonNode replugged = server.runJob(Map.of("type", "backup", "source", "camera", "target", "usb"), JOB_TIMEOUT);
            assertThat(replugged.path("state").asText()).as(replugged.toString()).isEqualTo("SUCCEEDED");
            JsonNode check = server.runJob(Map.of("type", "check", "target", "usb", "options", Map.of("readData", 1.0)),
                    JOB_TIMEOUT);
            assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
        } finally {
            server.close();
        }
    }

    private static void assertUnavailable(RunningServer server) {
        Await.until("target usb shows as unavailable", Duration.ofSeconds(30), () -> {
            try {
                JsonNode target = server.get("/api/v1/targets/usb", RunningServer.admin()).json();
                return target.path("status").asText().equals("UNAVAILABLE") && !target.path("reason").asText().isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static double progress(RunningServer server, String id) {
        try {
            JsonNode job = server.get("/api/v1/jobs/" + id, RunningServer.admin()).json();
            if (job.path("state").asText().startsWith("SUCCEEDED")) {
                throw new AssertionError("the backup finished before the drive could be unplugged; make the library larger");
            }
            double total = job.path("progress").path("bytesTotal").asDouble();
            return total <= 0 ? 0 : job.path("progress").path("bytesDone").asDouble() / total;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(path -> !path.equals(folder)).toList();
        }
    }
}
