package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A repository damaged the ways disks and people damage them: a flipped byte in a pack, a pack cut
 * short, a pack deleted, every index file deleted. A restore still writes every file it can, each
 * byte for byte, and names exactly the ones it cannot; a check finds the damage, a repair makes the
 * repository sound, a backup of the intact originals stores what was lost, and then a full check is
 * clean and every snapshot restores whole.
 */
class DamagedRepositoryIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void a_restore_writes_every_intact_file_and_repair_then_backup_make_the_repository_whole_again() throws Exception {
        Path library = work.resolve("library");
        PhotoLibrary.create(library, 60, 2_000_000);
        for (int i = 0; i < 36; i++) {
            PhotoLibrary.binary(library.resolve("Videos/clip-" + i + ".mp4"), 2_000_000 + i * 1000, 500 + i);
        }
        List<String> files = Trees.files(library);

        RunningServer server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        Path repository = server.home.resolve("repositories/local");
        try {
            server.awaitUp(Duration.ofSeconds(90));
            assertThat(server.postJson("/api/v1/sources", RunningServer.admin(), Map.of("name", "camera", "type", "folder",
                    "config", Map.of("path", library.toString()))).status()).isEqualTo(201);
            JsonNode first = server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT);
            assertThat(first.path("state").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
            String snapshot = first.path("result").path("snapshotId").asText();
            server.close();

            // the damage, done while the server is down, as a failing disk or a careless hand would
            List<Path> packs = dataPacks(repository);
            assertThat(packs).as("the library fills several packs").hasSizeGreaterThanOrEqualTo(4);
            flipAByte(packs.get(0));
            cutShort(packs.get(1), 5000);
            Files.delete(packs.get(2));
            try (Stream<Path> index = Files.list(repository.resolve("index"))) {
                for (Path file : index.toList()) {
                    Files.delete(file);
                }
            }

            server = server.restart();
            server.awaitUp(Duration.ofSeconds(90));

            Path restored = work.resolve("restored-damaged");
            JsonNode restore = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", snapshot,
                    "destination", restored.toString()), JOB_TIMEOUT);
            assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
            List<String> failed = restore.path("result").path("failed").findValuesAsText("path");
            List<String> back = Trees.files(restored);
            assertThat(failed).as("some files are hit").isNotEmpty();
            assertThat(back.size() + failed.size()).as("every file is either restored or named").isEqualTo(files.size());
            assertThat(new HashSet<>(failed)).doesNotContainAnyElementsOf(back);
            assertThat(files).containsAll(failed);
            Trees.assertIdentical(library, restored, back);
            assertThat(restore.path("result").path("filesFailed").asLong()).isEqualTo(failed.size());
            assertThat(restore.path("warnings")).hasSize(failed.size());

            JsonNode check = server.runJob(Map.of("type", "check", "target", "local", "options", Map.of("readData", 1.0)),
                    JOB_TIMEOUT);
            assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("FAILED");

            JsonNode repair = server.runJob(Map.of("type", "repair", "target", "local"), JOB_TIMEOUT);
            assertThat(repair.path("state").asText()).as(repair.toString()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
            assertThat(repair.path("result").path("damagedPacks").size()).as(repair.toString()).isGreaterThanOrEqualTo(2);
            assertThat(repair.path("result").path("blobsDropped").asLong()).isPositive();
            Set<String> affected = new HashSet<>(repair.path("result").path("affectedSnapshots").findValuesAsText("snapshot"));
            assertThat(affected).containsExactly(snapshot);

            JsonNode again = server.runJob(Map.of("type", "backup", "source", "camera", "target", "local"), JOB_TIMEOUT);
            assertThat(again.path("state").asText()).as(again.toString()).isEqualTo("SUCCEEDED");
            assertThat(again.path("result").path("bytesAdded").asLong())
                    .as("the lost data is stored again from the originals").isPositive();

            JsonNode clean = server.runJob(Map.of("type", "check", "target", "local", "options", Map.of("readData", 1.0)),
                    JOB_TIMEOUT);
            assertThat(clean.path("state").asText()).as(clean.toString()).isEqualTo("SUCCEEDED");
            for (String id : List.of(snapshot, again.path("result").path("snapshotId").asText())) {
                Path whole = work.resolve("restored-" + id.substring(0, 8));
                JsonNode full = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", id,
                        "destination", whole.toString()), JOB_TIMEOUT);
                assertThat(full.path("state").asText()).as(full.toString()).isEqualTo("SUCCEEDED");
                Trees.assertIdentical(library, whole);
            }
        } finally {
            server.close();
        }
    }

    /** The repository's data packs, largest first: tree packs are small, so these hold the photos. */
    private static List<Path> dataPacks(Path repository) throws IOException {
        try (Stream<Path> files = Files.walk(repository.resolve("data"))) {
            List<Path> packs = new ArrayList<>(files.filter(Files::isRegularFile).toList());
            packs.sort(Comparator.comparingLong((Path pack) -> pack.toFile().length()).reversed());
            return packs.subList(0, Math.min(4, packs.size()));
        }
    }

    private static void flipAByte(Path pack) throws IOException {
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(pack, bytes);
    }

    private static void cutShort(Path pack, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }
}
