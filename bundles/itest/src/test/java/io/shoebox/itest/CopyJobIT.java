package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.itest.RunningServer.Response;

/**
 * Copying snapshots to a second target through the REST API of a running server (the 3-2-1 rule):
 * the copy restores byte for byte from the second target alone, and a second copy run finds
 * everything already there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CopyJobIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    private static RunningServer server;
    private static Path library;
    private static String original;
    private static String copy;

    @BeforeAll
    static void start() throws Exception {
        library = work.resolve("library");
        PhotoLibrary.create(library, 16, 3_000_000);
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        server.awaitUp(Duration.ofSeconds(90));
        Response source = server.postJson("/api/v1/sources", RunningServer.admin(),
                Map.of("name", "phone", "type", "folder", "config", Map.of("path", library.toString())));
        assertThat(source.status()).as(source.body()).isEqualTo(201);
        Response offsite = server.postJson("/api/v1/targets", RunningServer.admin(), Map.of("name", "offsite", "type", "local",
                "config", Map.of("path", work.resolve("offsite").toString(), "createIfMissing", true),
                "password", "a different password for the second copy"));
        assertThat(offsite.status()).as(offsite.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void a_copy_of_a_backup_restores_from_the_second_target_byte_for_byte() throws Exception {
        JsonNode backup = server.runJob(Map.of("type", "backup", "source", "phone", "target", "local"), JOB_TIMEOUT);
        assertThat(backup.path("state").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        original = backup.path("result").path("snapshotId").asText();

        JsonNode job = server.runJob(Map.of("type", "copy", "target", "offsite", "options", Map.of("from", "local")),
                JOB_TIMEOUT);

        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("snapshotsCopied")).hasSize(1);
        assertThat(result.path("snapshotsCopied").get(0).path("snapshot").asText()).isEqualTo(original);
        copy = result.path("snapshotsCopied").get(0).path("copy").asText();
        int files = Trees.files(library).size();
        assertThat(result.path("files").asLong()).isEqualTo(files);
        assertThat(job.path("progress").path("filesDone").asLong()).isEqualTo(files);
        assertThat(result.path("bytesAdded").asLong()).as("the same deduplicated data as the backup stored")
                .isEqualTo(backup.path("result").path("bytesAdded").asLong());
        assertThat(result.path("blobsVerified").asLong()).as("5 % of the data is read back by default")
                .isBetween(0L, result.path("blobsRead").asLong());

        JsonNode snapshots = server.get("/api/v1/targets/offsite/snapshots", RunningServer.admin()).json();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).path("id").asText()).isEqualTo(copy);
        assertThat(snapshots.get(0).path("source").asText()).isEqualTo("phone");

        Path restored = work.resolve("restored-from-offsite");
        JsonNode restore = server.runJob(Map.of("type", "restore", "target", "offsite", "snapshot", copy,
                "destination", restored.toString()), JOB_TIMEOUT);
        assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        Trees.assertIdentical(library, restored);
    }

    @Test
    @Order(2)
    void a_second_copy_run_finds_the_snapshot_already_copied_and_copies_nothing() throws Exception {
        JsonNode job = server.runJob(Map.of("type", "copy", "target", "offsite", "snapshot", "all",
                "options", Map.of("from", "local", "verifyReadPercent", 100)), JOB_TIMEOUT);

        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.path("result");
        assertThat(result.path("snapshotsCopied")).isEmpty();
        assertThat(result.path("snapshotsAlreadyCopied").toString()).contains(original);
        assertThat(result.path("bytesRead").asLong()).isZero();
        assertThat(result.path("bytesStored").asLong()).isZero();
        assertThat(server.get("/api/v1/targets/offsite/snapshots", RunningServer.admin()).json()).hasSize(1);
    }

    @Test
    @Order(3)
    void the_copy_passes_a_full_check_of_the_second_target() throws Exception {
        JsonNode check = server.runJob(Map.of("type", "check", "target", "offsite", "options", Map.of("readData", 1.0)),
                JOB_TIMEOUT);
        assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
        assertThat(check.path("result").path("ok").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void a_copy_request_without_a_source_target_or_onto_itself_names_the_field() throws Exception {
        Response noFrom = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "copy", "target", "offsite"));
        assertThat(noFrom.status()).isEqualTo(400);
        assertThat(noFrom.json().path("field").asText()).isEqualTo("options.from");
        Response ontoItself = server.postJson("/api/v1/jobs", RunningServer.admin(),
                Map.of("type", "copy", "target", "local", "options", Map.of("from", "local")));
        assertThat(ontoItself.status()).isEqualTo(400);
        assertThat(ontoItself.json().path("field").asText()).isEqualTo("options.from");
        Response unknownTarget = server.postJson("/api/v1/jobs", RunningServer.admin(),
                Map.of("type", "copy", "target", "offsite", "options", Map.of("from", "nowhere")));
        assertThat(unknownTarget.status()).isEqualTo(404);
    }
}
