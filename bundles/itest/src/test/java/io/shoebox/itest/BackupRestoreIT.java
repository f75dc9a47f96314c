package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.itest.RunningServer.Response;

/**
 * Backups and restores through the REST API of a running server, on the default local target:
 * the round trip is byte-identical with modification times, restores can be selective, data is
 * deduplicated, and damage or mistakes are reported clearly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    private static RunningServer server;
    private static Path library;
    private static String firstSnapshot;

    @BeforeAll
    static void start() throws Exception {
        library = work.resolve("library");
        PhotoLibrary.create(library, 24, 3_000_000);
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        server.awaitUp(Duration.ofSeconds(90));
        Response source = server.postJson("/api/v1/sources", RunningServer.admin(),
                Map.of("name", "phone", "type", "folder", "config", Map.of("path", library.toString())));
        assertThat(source.status()).as(source.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode backup() throws Exception {
        return backup("SUCCEEDED");
    }

    private static JsonNode backup(String state) throws Exception {
        JsonNode job = server.runJob(Map.of("type", "backup", "source", "phone", "target", "local"), JOB_TIMEOUT);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo(state);
        return job;
    }

    @Test
    @Order(1)
    void a_backup_then_a_restore_gives_back_the_library_byte_for_byte_with_modification_times() throws Exception {
        JsonNode job = backup();
        JsonNode result = job.path("result");
        firstSnapshot = result.path("snapshotId").asText();
        assertThat(result.path("filesNew").asLong()).isEqualTo(Trees.files(library).size());
        assertThat(job.path("progress").path("filesDone").asLong()).isEqualTo(Trees.files(library).size());
        assertThat(job.path("startedAt").asText()).isNotEmpty();
        assertThat(job.path("finishedAt").asText()).isNotEmpty();

        Path restored = work.resolve("restored-all");
        JsonNode restore = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", firstSnapshot,
                "destination", restored.toString()), JOB_TIMEOUT);
        assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        Trees.assertIdentical(library, restored);
        Trees.assertDiffFindsNoDifference(library, restored);
    }

    @Test
    @Order(2)
    void snapshots_are_listed_and_browsable_folder_by_folder() throws Exception {
        JsonNode snapshots = server.get("/api/v1/targets/local/snapshots", RunningServer.admin()).json();
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).path("id").asText()).isEqualTo(firstSnapshot);
        assertThat(snapshots.get(0).path("source").asText()).isEqualTo("phone");

        JsonNode root = server.get("/api/v1/targets/local/snapshots/" + firstSnapshot + "/files?path=/", RunningServer.admin()).json();
        assertThat(names(root)).containsExactly("2019", "DCIM", "notes");
        JsonNode lisbon = server.get("/api/v1/targets/local/snapshots/" + firstSnapshot + "/files?path=2019/06%20Lisbon",
                RunningServer.admin()).json();
        assertThat(names(lisbon)).contains("IMG_0000.JPG", "clip.mov", "IMG_0000.xmp");
        JsonNode clip = find(lisbon, "clip.mov");
        assertThat(clip.path("type").asText()).isEqualTo("file");
        assertThat(clip.path("size").asLong()).isEqualTo(3_000_000);

        Response missing = server.get("/api/v1/targets/local/snapshots/" + firstSnapshot + "/files?path=nope", RunningServer.admin());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(server.get("/api/v1/targets/local/snapshots/ffffffff/files", RunningServer.admin()).status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void restoring_one_chosen_photo_restores_only_it() throws Exception {
        Path restored = work.resolve("restored-one");
        JsonNode restore = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", firstSnapshot,
                "include", List.of("DCIM/100APPLE/IMG_0003.JPG"), "destination", restored.toString()), JOB_TIMEOUT);
        assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        assertThat(Trees.files(restored)).containsExactly("DCIM/100APPLE/IMG_0003.JPG");
        assertThat(Files.readAllBytes(restored.resolve("DCIM/100APPLE/IMG_0003.JPG")))
                .isEqualTo(Files.readAllBytes(library.resolve("DCIM/100APPLE/IMG_0003.JPG")));
    }

    @Test
    @Order(4)
    void a_single_file_downloads_through_the_api() throws Exception {
        Response download = server.get("/api/v1/targets/local/snapshots/" + firstSnapshot
                + "/content?path=2019/06%20Lisbon/IMG_0000.xmp", RunningServer.admin());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(Files.readString(library.resolve("2019/06 Lisbon/IMG_0000.xmp")));
    }

    @Test
    @Order(5)
    void a_backup_without_changes_reads_nothing_and_stores_almost_nothing() throws Exception {
        JsonNode result = backup().path("result");
        assertThat(result.path("filesUnchanged").asLong()).isEqualTo(Trees.files(library).size());
        assertThat(result.path("filesNew").asLong()).isZero();
        assertThat(result.path("bytesRead").asLong()).isZero();
        assertThat(result.path("bytesAdded").asLong()).isZero();
    }

    @Test
    @Order(6)
    void a_folder_of_exact_duplicates_adds_no_data() throws Exception {
        Path duplicates = library.resolve("Duplicates");
        Files.createDirectories(duplicates);
        long duplicatedBytes = 0;
        try (Stream<Path> photos = Files.list(library.resolve("DCIM/100APPLE"))) {
            for (Path photo : photos.toList()) {
                Files.copy(photo, duplicates.resolve(photo.getFileName()));
                duplicatedBytes += Files.size(photo);
            }
        }
        JsonNode result = backup().path("result");
        assertThat(result.path("filesNew").asLong()).isEqualTo(12);
        assertThat(result.path("bytesRead").asLong()).isEqualTo(duplicatedBytes);
        assertThat(result.path("bytesAdded").asLong()).as("new data for duplicates").isZero();
    }

    @Test
    @Order(7)
    void editing_the_exif_of_a_photo_stores_only_a_small_fraction_of_it() throws Exception {
        Assumptions.assumeTrue(installed("exiftool"), "exiftool is not installed");
        Path photo = library.resolve("2019/06 Lisbon/IMG_0010.JPG");
        PhotoLibrary.jpeg(photo, 3000, 2000, 7777);
        backup();
        long size = Files.size(photo);
        Process exiftool = new ProcessBuilder("exiftool", "-overwrite_original", "-Artist=Shoebox test",
                "-DateTimeOriginal=2019:06:01 10:15:30", photo.toString()).redirectErrorStream(true).start();
        assertThat(exiftool.waitFor()).isZero();
        JsonNode result = backup().path("result");
        assertThat(result.path("filesChanged").asLong()).isEqualTo(1);
        assertThat(result.path("bytesStored").asLong()).as("bytes stored after the edit, of a " + size + "-byte photo")
                .isLessThan(size / 20);
    }

    @Test
    @Order(8)
    void an_unreadable_file_is_reported_and_skipped_and_the_backup_ends_with_a_warning() throws Exception {
        Path dangling = library.resolve("DCIM/broken-link.jpg");
        Files.createSymbolicLink(dangling, library.resolve("DCIM/does-not-exist.jpg"));
        Path fifo = library.resolve("DCIM/pipe.jpg");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        try {
            JsonNode job = backup("SUCCEEDED_WITH_WARNINGS");
            assertThat(job.path("warnings").toString()).contains("broken-link.jpg", "pipe.jpg");
            assertThat(job.path("result").path("filesSkipped").asLong()).isEqualTo(2);
        } finally {
            Files.deleteIfExists(dangling);
            Files.deleteIfExists(fifo);
        }
    }

    @Test
    @Order(9)
    void check_passes_on_a_healthy_repository() throws Exception {
        JsonNode check = server.runJob(Map.of("type", "check", "target", "local", "options", Map.of("readData", 1.0)),
                JOB_TIMEOUT);
        assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
        assertThat(check.path("result").path("ok").asBoolean()).isTrue();
    }

    @Test
    @Order(10)
    void a_restore_refuses_a_relative_destination_and_bad_requests_name_the_field() throws Exception {
        Response relative = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "restore", "target", "local",
                "snapshot", firstSnapshot, "destination", "../../etc"));
        assertThat(relative.status()).isEqualTo(400);
        assertThat(relative.json().path("field").asText()).isEqualTo("destination");
        Response noSource = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "backup", "target", "local"));
        assertThat(noSource.status()).isEqualTo(400);
        assertThat(noSource.json().path("field").asText()).isEqualTo("source");
        Response unknownType = server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "defrag"));
        assertThat(unknownType.json().path("field").asText()).isEqualTo("type");
        assertThat(server.postJson("/api/v1/jobs", RunningServer.admin(), Map.of("type", "backup", "source", "nope",
                "target", "local")).status()).isEqualTo(404);
    }

    @Test
    @Order(11)
    void a_corrupted_pack_is_found_by_check_which_names_the_affected_snapshots_and_files() throws Exception {
        Path packs = server.home.resolve("repositories/local/data");
        Path largest;
        try (Stream<Path> files = Files.walk(packs)) {
            largest = files.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(largest);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(largest, bytes);

        JsonNode check = server.runJob(Map.of("type", "check", "target", "local", "options", Map.of("readData", 1.0)),
                JOB_TIMEOUT);
        assertThat(check.path("state").asText()).isEqualTo("FAILED");
        assertThat(check.path("error").asText()).contains("snapshot");
        JsonNode affected = check.path("result").path("affectedSnapshots");
        assertThat(affected.size()).isGreaterThan(0);
        assertThat(affected.get(0).path("files").size()).isGreaterThan(0);
        assertThat(check.path("result").path("damagedPacks").toString()).contains(largest.getFileName().toString());
    }

    @Test
    @Order(12)
    void a_target_over_a_repository_of_another_password_is_refused_and_a_wrong_password_fails_jobs_clearly()
            throws Exception {
        Path existingRepository = server.home.resolve("repositories/local");
        Response created = server.postJson("/api/v1/targets", RunningServer.admin(), Map.of("name", "same-place", "type", "local",
                "config", Map.of("path", existingRepository.toString()), "password", "not the right password"));
        assertThat(created.status()).isEqualTo(409);
        assertThat(created.json().path("detail").asText()).contains("password");
        assertThat(server.get("/api/v1/targets/same-place", RunningServer.admin()).status()).isEqualTo(404);

        Response changed = server.putJson("/api/v1/targets/local", RunningServer.admin(),
                Map.of("config", Map.of("path", "repositories/local", "createIfMissing", true), "password", "a wrong password"));
        assertThat(changed.status()).isEqualTo(200);
        JsonNode job = server.runJob(Map.of("type", "backup", "source", "phone", "target", "local"), JOB_TIMEOUT);
        assertThat(job.path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("error").asText()).contains("password");
        Response browse = server.get("/api/v1/targets/local/snapshots", RunningServer.admin());
        assertThat(browse.status()).isEqualTo(503);
        assertThat(browse.json().path("detail").asText()).contains("password");
    }

    private static boolean installed(String command) {
        try {
            return new ProcessBuilder("which", command).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> names(JsonNode entries) {
        List<String> names = new java.util.ArrayList<>();
        entries.forEach(entry -> names.add(entry.path("name").asText()));
        return names;
    }

    private static JsonNode find(JsonNode entries, String name) {
        for (JsonNode entry : entries) {
            if (entry.path("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no " + name + " in " + entries);
    }
}
