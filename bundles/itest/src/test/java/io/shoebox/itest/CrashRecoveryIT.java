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
 * A server killed with {@code kill -9} in the middle of a backup loses nothing: after a restart the
 * repository checks clean, earlier snapshots restore intact, and the resumed backup uploads only
 * what had not been uploaded yet, plus at most the pack that was being written.
 */
class CrashRecoveryIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final long PACK_SIZE = 16L * 1024 * 1024;
    private static final int BIG_FILES = 32;
    private static final int BIG_FILE_SIZE = 10 * 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void a_backup_killed_midway_resumes_without_uploading_again_and_the_repository_stays_consistent() throws Exception {
        Path library = work.resolve("library");
        PhotoLibrary.create(library, 6, 1_000_000);
        List<String> firstFiles = Trees.files(library);

        RunningServer server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        Path repository = server.home.resolve("repositories/local");
        try {
            server.awaitUp(Duration.ofSeconds(90));
            assertThat(server.postJson("/api/v1/sources", RunningServer.admin(),
                    Map.of("name", "camera", "type", "folder", "config", Map.of("path", library.toString()))).status())
                    .isEqualTo(201);
            JsonNode first = server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT);
            assertThat(first.path("state").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
            String firstSnapshot = first.path("result").path("snapshotId").asText();

            for (int i = 0; i < BIG_FILES; i++) {
                PhotoLibrary.binary(library.resolve("Videos/clip-" + i + ".mp4"), BIG_FILE_SIZE, 1000 + i);
            }
            long newBytes = (long) BIG_FILES * BIG_FILE_SIZE;
            long packBytesBefore = packBytes(repository);

            String id = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "backup", "source", "camera",
                    "target", "local", "options", Map.of("checkpointSeconds", 1))).json().path("id").asText();
            RunningServer running = server;
            Await.until("the backup is well under way", Duration.ofMinutes(2), () -> {
                try {
                    JsonNode job = running.get("/api/v1/jobs/" + id, RunningServer.admin()).json();
                    if (job.path("state").asText().equals("SUCCEEDED")) {
                        throw new AssertionError("the backup finished before it could be interrupted; make the library larger");
                    }
                    return job.path("progress").path("bytesDone").asLong() > newBytes * 2 / 5;
                } catch (IOException e) {
                    return false;
                }
            });
            server.kill();
            long uploadedBeforeCrash = packBytes(repository) - packBytesBefore;
            assertThat(uploadedBeforeCrash).as("data uploaded before the crash").isGreaterThan(PACK_SIZE);

            server = server.restart();
            try {
                server.awaitUp(Duration.ofSeconds(60));
            } catch (AssertionError e) {
                System.out.println(Files.readString(work.resolve("server/console.log")));
                throw e;
            }

            JsonNode check = server.runJob(Map.of("type", "check", "target", "local", "options", Map.of("readData", 1.0)),
                    JOB_TIMEOUT);
            assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");

            Path restored = work.resolve("restored-first");
            JsonNode restore = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", firstSnapshot,
                    "destination", restored.toString()), JOB_TIMEOUT);
            assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
            Trees.assertIdentical(library, restored, firstFiles);

            JsonNode resumed = server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT);
            assertThat(resumed.path("state").asText()).as(resumed.toString()).isEqualTo("SUCCEEDED");
            long uploadedAfter = resumed.path("result").path("bytesStored").asLong();
            long remainder = newBytes - uploadedBeforeCrash;
            assertThat(uploadedAfter).as("uploaded by the resumed backup; remainder was " + remainder)
                    .isLessThanOrEqualTo(remainder + PACK_SIZE + 1024 * 1024);

            Path restoredAll = work.resolve("restored-all");
            JsonNode restoreAll = server.runJob(Map.of("type", "restore", "target", "local", "snapshot",
                    resumed.path("result").path("snapshotId").asText(), "destination", restoredAll.toString()), JOB_TIMEOUT);
            assertThat(restoreAll.path("state").asText()).as(restoreAll.toString()).isEqualTo("SUCCEEDED");
            Trees.assertIdentical(library, restoredAll);
        } finally {
            server.close();
        }
    }

    private static long packBytes(Path repository) throws IOException {
        Path data = repository.resolve("data");
        if (!Files.exists(data)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
