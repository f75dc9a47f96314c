package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The server is killed with {@code kill -9} twenty times, each time at a random moment of a backup,
 * a prune, a copy or a repair (seeded: {@code -Dshoebox.faults.seed=N} replays a run). After every
 * restart no snapshot that existed before is gone, and a backup starts within 30 seconds of the
 * restart: the dead process's locks do not hold it up. At the end a repair and a full check of both
 * targets find them clean, and the newest snapshot restores the library byte for byte.
 */
class FaultInjectionIT {

    static final long SEED = Long.getLong("shoebox.faults.seed", 19L);
    private static final int KILLS = 20;
    private static final List<String> KINDS = List.of("backup", "prune", "copy", "repair");
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration BACKUP_STARTS_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private RunningServer server;
    private Path library;
    private int generation;

    @Test
    void twenty_kills_at_random_moments_lose_no_snapshot_and_leave_a_repository_that_repairs_clean() throws Exception {
        Random random = new Random(SEED);
        library = work.resolve("library");
        PhotoLibrary.create(library, 24, 20_000_000);
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        try {
            server.awaitUp(Duration.ofSeconds(90));
            assertThat(server.postJson("/api/v1/sources", RunningServer.admin(), Map.of("name", "camera", "type", "folder",
                    "config", Map.of("path", library.toString()))).status()).isEqualTo(201);
            assertThat(server.postJson("/api/v1/targets", RunningServer.admin(), Map.of("name", "offsite", "type", "local",
                    "config", Map.of("path", work.resolve("offsite").toString(), "createIfMissing", true),
                    "password", "the offsite password")).status()).isEqualTo(201);

            // How long each kind of job takes here, as the rounds below run it: kills fall anywhere within it.
            assertThat(server.runJob(request("backup"), JOB_TIMEOUT).path("state").asText()).isEqualTo("SUCCEEDED");
            Map<String, Long> millis = new LinkedHashMap<>();
            for (String kind : KINDS) {
                if (kind.equals("backup")) {
                    growLibrary();
                }
                JsonNode job = server.runJob(request(kind), JOB_TIMEOUT);
                assertThat(job.path("state").asText()).as(job.toString()).startsWith("SUCCEEDED");
                millis.put(kind, Math.max(200, Duration.between(java.time.Instant.parse(job.path("startedAt").asText()),
                        java.time.Instant.parse(job.path("finishedAt").asText())).toMillis()));
            }
            System.out.println("fault injection: seed " + SEED + ", job durations " + millis);

            for (int kill = 0; kill < KILLS; kill++) {
                String kind = KINDS.get(kill % KINDS.size());
                if (kind.equals("backup")) {
                    growLibrary();
                }
                Map<String, Set<String>> before = snapshots();
                long delay = (long) (random.nextDouble() * millis.get(kind));
                String id = server.postJson("/api/v1/jobs", RunningServer.admin(), request(kind)).json().path("id").asText();
                Thread.sleep(delay);
                String state = server.get("/api/v1/jobs/" + id, RunningServer.admin()).json().path("state").asText();
                System.out.println("fault injection: kill " + (kill + 1) + " during " + kind + " after " + delay
                        + " ms (job " + state + ")");
                server.kill();

                long restarted = System.nanoTime();
                server = server.restart();
                server.awaitUp(Duration.ofSeconds(90));
                Map<String, Set<String>> after = snapshots();
                for (String target : before.keySet()) {
                    assertThat(after.get(target)).as("snapshots on " + target + " after kill " + (kill + 1) + " during "
                            + kind).containsAll(before.get(target));
                }
                assertBackupStartsSoon(restarted, kill + 1);
            }

            for (String target : List.of("local", "offsite")) {
                JsonNode repair = server.runJob(Map.of("type", "repair", "target", target), JOB_TIMEOUT);
                assertThat(repair.path("state").asText()).as(repair.toString()).startsWith("SUCCEEDED");
                JsonNode check = server.runJob(Map.of("type", "check", "target", target, "options",
                        Map.of("readData", 1.0)), JOB_TIMEOUT);
                assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
            }
            Path restored = work.resolve("restored");
            JsonNode restore = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", "latest",
                    "destination", restored.toString()), JOB_TIMEOUT);
            assertThat(restore.path("state").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
            Trees.assertIdentical(library, restored);
        } finally {
            server.close();
        }
    }

    /** A backup submitted now is at work within 30 seconds of the restart, and completes. */
    private void assertBackupStartsSoon(long restarted, int kill) throws IOException {
        String id = server.postJson("/api/v1/jobs", RunningServer.admin(), request("backup")).json().path("id").asText();
        Duration left = BACKUP_STARTS_WITHIN.minus(Duration.ofNanos(System.nanoTime() - restarted));
        Await.until("the backup after kill " + kill + " at work within " + BACKUP_STARTS_WITHIN.toSeconds()
                + " s of the restart", left.isNegative() ? Duration.ZERO : left, () -> {
            try {
                String state = server.get("/api/v1/jobs/" + id, RunningServer.admin()).json().path("state").asText();
                return !state.equals("QUEUED");
            } catch (IOException e) {
                return false;
            }
        });
        JsonNode backup = server.awaitJob(id, JOB_TIMEOUT);
        assertThat(backup.path("state").asText()).as("the backup after kill " + kill + ": " + backup)
                .isEqualTo("SUCCEEDED");
    }

    private Map<String, Object> request(String kind) {
        return switch (kind) {
            case "backup" -> Map.of("type", "backup", "source", "camera", "target", "local");
            case "prune" -> Map.of("type", "prune", "target", "local");
            case "copy" -> Map.of("type", "copy", "target", "offsite", "snapshot", "all", "options", Map.of("from", "local"));
            case "repair" -> Map.of("type", "repair", "target", "local");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Complete snapshots on each target. */
    private Map<String, Set<String>> snapshots() throws IOException {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        for (String target : List.of("local", "offsite")) {
            Set<String> ids = new HashSet<>();
            RunningServer.Response[] listing = {null};
            // right after a start the provider may not have started the target yet: that is no loss
            Await.until("the snapshots of " + target + " can be listed", Duration.ofSeconds(30), () -> {
                try {
                    listing[0] = server.get("/api/v1/targets/" + target + "/snapshots", RunningServer.admin());
                    return listing[0].status() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            for (JsonNode snapshot : listing[0].json()) {
                if (!snapshot.path("checkpoint").asBoolean()) {
                    ids.add(snapshot.path("id").asText());
                }
            }
            all.put(target, ids);
        }
        return all;
    }

    /** New photos and a new clip, so each backup has data to upload when it is killed. */
    private void growLibrary() throws IOException {
        generation++;
        List<Path> added = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            added.add(PhotoLibrary.jpeg(library.resolve("round-" + generation + "/IMG_" + i + ".JPG"), 640, 480,
                    generation * 100L + i));
        }
        added.add(PhotoLibrary.binary(library.resolve("round-" + generation + "/clip.mov"), 24_000_000, generation));
        for (Path file : added) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L + generation));
        }
    }
}
