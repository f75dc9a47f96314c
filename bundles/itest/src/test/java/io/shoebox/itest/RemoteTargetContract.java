package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every remote storage provider must show through the running server, against a real server
 * of its kind: a backup restores byte for byte, wrong credentials are named at *Test connection*,
 * and a storage server that dies in the middle of a backup leaves a consistent repository that the
 * next backup completes. A provider's end-to-end test extends this with its server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RemoteTargetContract {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private Path work;

    private RunningServer server;
    private Path library;

    /** The provider's type, as in {@code GET /api/v1/storage-types}. */
    protected abstract String type();

    /** Starts the real storage server, keeping its data under {@code root}. */
    protected abstract void startStorageServer(Path root) throws Exception;

    /** The target settings that reach the storage server. */
    protected abstract Map<String, Object> targetConfig();

    /** The same settings with credentials the storage server rejects. */
    protected abstract Map<String, Object> wrongCredentials();

    /** Kills the storage server abruptly. */
    protected abstract void killStorageServer() throws Exception;

    /** Brings the storage server back with its data. */
    protected abstract void restartStorageServer() throws Exception;

    protected abstract void closeStorageServer() throws Exception;

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        work = folder;
        startStorageServer(work.resolve("storage"));
        library = work.resolve("library");
        PhotoLibrary.create(library, 16, 2_000_000);
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD, "--headless");
        server.awaitUp(Duration.ofSeconds(90));
        Await.until("the " + type() + " provider from deploy/", Duration.ofSeconds(60),
                () -> get("/api/v1/storage-types").findValuesAsText("type").contains(type()));
        assertThat(server.postJson("/api/v1/sources", RunningServer.admin(),
                Map.of("name", "phone", "type", "folder", "config", Map.of("path", library.toString()))).status())
                .isEqualTo(201);
        RunningServer.Response created = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "remote", "type", type(), "config", targetConfig()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Await.until("the remote target to be available", Duration.ofSeconds(60),
                () -> "AVAILABLE".equals(get("/api/v1/targets/remote").path("status").asText()));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        closeStorageServer();
    }

    @Test
    @Order(1)
    void test_connection_passes_and_a_backup_restores_byte_for_byte() throws Exception {
        JsonNode test = server.postJson("/api/v1/targets/remote/test", RunningServer.admin(), Map.of()).json();
        assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();
        String snapshot = backup().path("result").path("snapshotId").asText();
        assertRestoresIdentically(snapshot, "restored-first");
    }

    @Test
    @Order(2)
    void wrong_credentials_are_named_at_test_connection() throws Exception {
        RunningServer.Response created = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "wrong-credentials", "type", type(), "config", wrongCredentials()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode test = server.postJson("/api/v1/targets/wrong-credentials/test", RunningServer.admin(), Map.of()).json();
        assertThat(test.path("ok").asBoolean()).as(test.toString()).isFalse();
        assertThat(test.path("problem").asText().toLowerCase(java.util.Locale.ROOT)).as(test.toString())
                .containsAnyOf("credential", "password", "access key", "rejected", "authentication", "denied");
        assertThat(test.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @Order(3)
    void a_storage_server_killed_mid_backup_leaves_a_consistent_repository_and_the_next_backup_completes()
            throws Exception {
        Path clips = library.resolve("clips");
        Files.createDirectories(clips);
        for (int i = 0; i < 8; i++) {
            byte[] clip = new byte[6_000_000];
            new Random(700 + i).nextBytes(clip);
            Files.write(clips.resolve("clip-" + i + ".mov"), clip);
        }
        Map<String, Object> request = new LinkedHashMap<>(Map.of("type", "backup", "source", "phone", "target", "remote"));
        request.put("options", Map.of("uploadLimitKiBps", 4096));
        RunningServer.Response started = server.postJson("/api/v1/jobs", RunningServer.admin(), request);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String job = started.json().path("id").asText();
        Await.until("the backup to upload", Duration.ofMinutes(2),
                () -> get("/api/v1/jobs/" + job).path("progress").path("bytesDone").asLong() > 4_000_000);
        killStorageServer();
        Thread.sleep(3000);
        restartStorageServer();

        JsonNode interrupted = server.awaitJob(job, JOB_TIMEOUT);
        if (!"SUCCEEDED".equals(interrupted.path("state").asText())) {
            assertThat(interrupted.path("state").asText()).isEqualTo("FAILED");
            assertThat(interrupted.path("error").asText()).as(interrupted.toString()).isNotBlank()
                    .doesNotContain("\tat ");
        }
        JsonNode check = server.runJob(Map.of("type", "check", "target", "remote", "options", Map.of("readData", 1.0)),
                JOB_TIMEOUT);
        assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
        String snapshot = backup().path("result").path("snapshotId").asText();
        assertRestoresIdentically(snapshot, "restored-after-fault");
    }

    @Test
    @Order(4)
    void a_storage_server_that_is_down_shows_its_target_unavailable_with_the_reason_until_it_is_back() throws Exception {
        killStorageServer();
        try {
            Await.until("the target shows as unavailable", Duration.ofSeconds(60), () -> {
                JsonNode target = get("/api/v1/targets/remote");
                return "UNAVAILABLE".equals(target.path("status").asText()) && !target.path("reason").asText().isBlank();
            });
        } finally {
            restartStorageServer();
        }
        Await.until("the target shows as available again", Duration.ofSeconds(60),
                () -> "AVAILABLE".equals(get("/api/v1/targets/remote").path("status").asText()));
        backup();
    }

    private JsonNode backup() throws Exception {
        JsonNode job = server.runJob(Map.of("type", "backup", "source", "phone", "target", "remote"), JOB_TIMEOUT);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    private void assertRestoresIdentically(String snapshot, String folder) throws Exception {
        Path restored = work.resolve(folder);
        JsonNode restore = server.runJob(Map.of("type", "restore", "target", "remote", "snapshot", snapshot,
                "destination", restored.toString()), JOB_TIMEOUT);
        assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        Trees.assertIdentical(library, restored);
    }

    private JsonNode get(String path) {
        try {
            RunningServer.Response response = server.get(path, RunningServer.admin());
            return response.status() == 200 ? response.json() : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
