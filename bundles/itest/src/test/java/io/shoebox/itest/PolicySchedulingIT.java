package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Policies run themselves on a headless server configured by files alone: a policy file dropped
 * into {@code config/} runs on its schedule to two targets and applies retention, a malformed one
 * is rejected with its problem named and harms no other, an edited one never drops out of the API,
 * and a run cut off by a crash is finished once after the restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicySchedulingIT {

    private static final Duration RUNS_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    private static RunningServer server;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        Path library = work.resolve("library");
        PhotoLibrary.create(library, 12, 500_000);
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD, "--headless");
        server.awaitUp(Duration.ofSeconds(90));
        config = server.folder.resolve("config");
        write("shoebox.source.folder~phone.cfg.json", "{ \"path\": \"" + library + "\" }");
        write("shoebox.storage.local~offsite.cfg.json", "{ \"path\": \"repositories/offsite\", \"createIfMissing\": true }");
        Await.until("source and second target configured", Duration.ofSeconds(30),
                () -> status("/api/v1/sources/phone") == 200 && status("/api/v1/targets/offsite") == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void a_policy_file_runs_on_its_schedule_to_two_targets_and_keeps_exactly_what_retention_keeps() throws Exception {
        write("shoebox.policy~often.cfg.json", """
                { "sources": ["phone"], "targets": ["local", "offsite"], "schedule": "*/5 * * * * *",
                  "keepLast": 2, "exclude": ["*.xmp"], "retryDelaySeconds": 2 }""");
        Await.until("three scheduled runs on both targets", RUNS_TIMEOUT,
                () -> policySnapshots("local").size() + forgottenSoFar("local") >= 3
                        && policySnapshots("offsite").size() + forgottenSoFar("offsite") >= 3);
        write("shoebox.policy~often.cfg.json", """
                { "sources": ["phone"], "targets": ["local", "offsite"], "schedule": "*/5 * * * * *", "enabled": false,
                  "keepLast": 2, "exclude": ["*.xmp"], "retryDelaySeconds": 2 }""");
        Await.until("the last run to end", RUNS_TIMEOUT, () -> {
            JsonNode policy = json("/api/v1/policies/often");
            return !policy.path("running").asBoolean() && !policy.path("config").path("enabled").asBoolean(true);
        });
        JsonNode policy = json("/api/v1/policies/often");
        assertThat(policy.path("valid").asBoolean()).as(policy.toString()).isTrue();
        assertThat(policy.path("lastOutcome").asText()).as(policy.toString()).isEqualTo("SUCCEEDED");

        for (String target : List.of("local", "offsite")) {
            List<JsonNode> kept = policySnapshots(target);
            List<String> backups = backupSnapshotIds(target);
            assertThat(kept).as("snapshots kept on " + target).hasSize(2);
            // keepLast 2: the two newest runs remain, the newest of all among them
            assertThat(kept.stream().map(s -> s.path("id").asText()).toList())
                    .containsExactlyInAnyOrderElementsOf(backups.subList(backups.size() - 2, backups.size()));
            JsonNode newest = json("/api/v1/targets/" + target + "/snapshots").get(0);
            assertThat(kept).anySatisfy(s -> assertThat(s.path("id").asText()).isEqualTo(newest.path("id").asText()));
            JsonNode files = json("/api/v1/targets/" + target + "/snapshots/" + newest.path("id").asText() + "/files?path=");
            assertThat(files.toString()).doesNotContain(".xmp");
        }
    }

    @Test
    @Order(2)
    void a_malformed_policy_is_rejected_naming_its_problem_and_disturbs_no_other_policy() throws Exception {
        write("shoebox.policy~good.cfg.json", """
                { "sources": ["phone"], "targets": ["local"] }""");
        write("shoebox.policy~bad-cron.cfg.json", """
                { "sources": ["phone"], "targets": ["local"], "schedule": "every night at two" }""");
        write("shoebox.policy~unknown-target.cfg.json", """
                { "sources": ["phone"], "targets": ["local", "cloud"], "schedule": "0 3 * * *" }""");
        write("shoebox.policy~keeps-nothing.cfg.json", """
                { "sources": ["phone"], "targets": ["local"], "schedule": "0 3 * * *", "keepLast": 0, "keepDaily": 0 }""");
        Await.until("all four policies listed", Duration.ofSeconds(30), () -> json("/api/v1/policies").size() >= 5);

        assertProblem("bad-cron", "schedule", "not a valid cron expression");
        assertProblem("unknown-target", "targets", "no target named 'cloud'");
        assertProblem("keeps-nothing", "retention keeps nothing", "keepLast");
        Path log = server.home.resolve("logs/shoebox.log");
        Await.until("the rejections in the log", Duration.ofSeconds(10), () -> {
            String text = read(log);
            return text.contains("Policy bad-cron is rejected") && text.contains("Policy unknown-target is rejected")
                    && text.contains("Policy keeps-nothing is rejected");
        });

        RunningServer.Response run = server.postJson("/api/v1/policies/good/run", RunningServer.admin(), Map.of());
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        Await.until("the good policy's run to succeed", RUNS_TIMEOUT,
                () -> "SUCCEEDED".equals(json("/api/v1/policies/good").path("lastOutcome").asText()));
        RunningServer.Response refused = server.postJson("/api/v1/policies/bad-cron/run", RunningServer.admin(), Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("schedule");
    }

    @Test
    @Order(3)
    void a_policy_edited_in_its_file_stays_in_the_api_throughout_the_edit() throws Exception {
        write("shoebox.policy~edited.cfg.json", """
                { "sources": ["phone"], "targets": ["local"], "schedule": "0 3 * * *", "keepLast": 1 }""");
        Await.until("the policy listed", Duration.ofSeconds(30), () -> status("/api/v1/policies/edited") == 200);

        List<Integer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean editing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (editing.get()) {
                answers.add(status("/api/v1/policies/edited"));
            }
        });
        reader.start();
        try {
            for (int keep = 2; keep <= 6; keep++) {
                write("shoebox.policy~edited.cfg.json", "{ \"sources\": [\"phone\"], \"targets\": [\"local\"],"
                        + " \"schedule\": \"0 3 * * *\", \"keepLast\": " + keep + " }");
                int expected = keep;
                Await.until("keepLast " + keep + " in effect", Duration.ofSeconds(30),
                        () -> json("/api/v1/policies/edited").path("config").path("keepLast").asInt() == expected);
            }
        } finally {
            editing.set(false);
            reader.join();
        }
        assertThat(answers).isNotEmpty().containsOnly(200);
        assertThat(json("/api/v1/policies/edited").path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void a_scheduled_run_killed_midway_is_completed_once_after_a_restart() throws Exception {
        // A run due a few seconds from now, slowed by an upload limit so the kill lands inside it.
        ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(8).withNano(0);
        String cron = due.getSecond() + " " + due.getMinute() + " " + due.getHour() + " * * *";
        Path big = work.resolve("library/big");
        Files.createDirectories(big);
        for (int i = 0; i < 6; i++) {
            byte[] clip = new byte[4_000_000];
            new java.util.Random(900 + i).nextBytes(clip);
            Files.write(big.resolve("clip-" + i + ".mov"), clip);
        }
        write("shoebox.policy~nightly.cfg.json", "{ \"sources\": [\"phone\"], \"targets\": [\"local\", \"offsite\"],"
                + " \"schedule\": \"" + cron + "\", \"timeZone\": \"UTC\", \"uploadLimitKiBps\": 1024,"
                + " \"retryDelaySeconds\": 2 }");
        Await.until("the scheduled run's backups to be running", Duration.ofMinutes(2), () -> json("/api/v1/jobs?policy=nightly")
                .findValuesAsText("state").contains("RUNNING"));
        Thread.sleep(3000);
        server.kill();

        server = server.restart("--headless");
        server.awaitUp(Duration.ofSeconds(90));
        Await.until("the interrupted run to finish", Duration.ofMinutes(4),
                () -> "SUCCEEDED".equals(json("/api/v1/policies/nightly").path("lastOutcome").asText()));

        String runTag = "run:" + due.toInstant();
        for (String target : List.of("local", "offsite")) {
            List<JsonNode> ofRun = new ArrayList<>();
            for (JsonNode snapshot : json("/api/v1/targets/" + target + "/snapshots")) {
                if (!snapshot.path("checkpoint").asBoolean() && snapshot.path("tags").toString().contains(runTag)) {
                    ofRun.add(snapshot);
                }
            }
            assertThat(ofRun).as("complete snapshots of the run on " + target).hasSize(1);
            JsonNode check = server.runJob(Map.of("type", "check", "target", target), Duration.ofMinutes(3));
            assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
        }
        assertThat(json("/api/v1/jobs?policy=nightly").findValuesAsText("error"))
                .anySatisfy(error -> assertThat(error).contains("server stopped"));
    }

    private static void assertProblem(String policy, String... fragments) throws IOException {
        JsonNode info = json("/api/v1/policies/" + policy);
        assertThat(info.path("valid").asBoolean()).as(info.toString()).isFalse();
        assertThat(info.path("problems").toString()).as(info.toString()).contains(fragments);
        assertThat(info.path("nextRun").isNull()).isTrue();
    }

    /** Complete snapshots of policy {@code often} on a target, newest first. */
    private static List<JsonNode> policySnapshots(String target) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode snapshot : json("/api/v1/targets/" + target + "/snapshots")) {
            if (!snapshot.path("checkpoint").asBoolean() && snapshot.path("tags").toString().contains("policy:often")) {
                result.add(snapshot);
            }
        }
        return result;
    }

    /** Snapshots the policy's retention has forgotten on a target so far, from its prune jobs. */
    private static int forgottenSoFar(String target) {
        int forgotten = 0;
        for (JsonNode job : json("/api/v1/jobs?policy=often")) {
            if (job.path("type").asText().equals("prune") && job.path("target").asText().equals(target)) {
                forgotten += job.path("result").path("snapshotsForgotten").size();
            }
        }
        return forgotten;
    }

    /** The snapshots the policy's successful backups to a target made, oldest first. */
    private static List<String> backupSnapshotIds(String target) {
        List<String> runs = new ArrayList<>();
        for (JsonNode job : json("/api/v1/jobs?policy=often")) {
            if (job.path("type").asText().equals("backup") && job.path("target").asText().equals(target)
                    && job.path("state").asText().equals("SUCCEEDED")) {
                String id = job.path("result").path("snapshotId").asText();
                runs.add(0, id);
            }
        }
        return runs;
    }

    private static void write(String name, String content) throws IOException {
        Path temp = config.resolve("." + name + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, config.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static int status(String path) {
        try {
            return server.get(path, RunningServer.admin()).status();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String path) {
        try {
            RunningServer.Response response = server.get(path, RunningServer.admin());
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
            return response.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
