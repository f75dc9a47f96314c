package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.itest.RunningServer.Response;

/**
 * The server as operators run it: {@code bin/shoebox} started once, driven through its REST API.
 * The tests share that one process, which is the point: plugins come and go while it keeps
 * serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerApiIT {

    @TempDir
    static Path work;

    private static RunningServer server;
    private static Duration startup;

    /** The shared test machines are noisy: a start slowed by other work there gets one more try. */
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(15);

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(work, RunningServer.PASSWORD);
        startup = server.awaitUp(Duration.ofSeconds(90));
        if (startup.compareTo(STARTUP_LIMIT) >= 0) {
            System.out.println("The first start took " + startup + "; starting once more");
            server.close();
            server = server.restart();
            startup = server.awaitUp(Duration.ofSeconds(90));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void health_is_up_within_15_seconds_without_credentials() throws Exception {
        assertThat(startup).isLessThan(STARTUP_LIMIT);
        Response health = server.get("/api/v1/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void every_other_call_needs_authentication() throws Exception {
        for (String path : List.of("/api/v1/targets", "/api/v1/plugins", "/api/v1/storage-types", "/api/v1/openapi.json",
                "/api/v1/no-such-thing")) {
            Response anonymous = server.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.json().path("error").asText()).isEqualTo("unauthorized");
        }
        assertThat(server.get("/api/v1/targets", RunningServer.basic("admin", "wrong")).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/targets", RunningServer.basic("root", RunningServer.PASSWORD)).status()).isEqualTo(401);
        assertThat(server.get("/api/v1/targets", "Bearer sbx_not-a-token").status()).isEqualTo(401);
        assertThat(server.get("/api/v1/targets", RunningServer.admin()).status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void a_first_start_has_a_ready_local_target() throws Exception {
        JsonNode target = server.get("/api/v1/targets/local", RunningServer.admin()).json();
        assertThat(target.path("type").asText()).isEqualTo("local");
        assertThat(target.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(target.path("config").path("path").asText()).isEqualTo("repositories/local");
    }

    @Test
    @Order(4)
    void storage_types_describe_their_fields_from_metatype() throws Exception {
        JsonNode local = type("local");
        assertThat(local).isNotNull();
        assertThat(local.path("name").asText()).isEqualTo("Local folder or drive");
        JsonNode path = field(local, "path");
        assertThat(path.path("type").asText()).isEqualTo("string");
        assertThat(path.path("required").asBoolean()).isTrue();
        assertThat(field(local, "createIfMissing").path("default").asBoolean()).isFalse();
    }

    @Test
    @Order(5)
    void malformed_target_configurations_are_refused_naming_the_bad_field() throws Exception {
        Response missingPath = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "drive", "type", "local", "config", Map.of()));
        assertThat(missingPath.status()).isEqualTo(400);
        assertThat(missingPath.json().path("field").asText()).isEqualTo("config.path");
        assertThat(missingPath.json().path("detail").asText()).contains("path");

        Response badBoolean = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "drive", "type", "local", "config", Map.of("path", "/tmp/x", "createIfMissing", "maybe")));
        assertThat(badBoolean.status()).isEqualTo(400);
        assertThat(badBoolean.json().path("field").asText()).isEqualTo("config.createIfMissing");

        Response unknownField = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "drive", "type", "local", "config", Map.of("path", "/tmp/x", "colour", "red")));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("field").asText()).isEqualTo("config.colour");

        Response unknownType = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "drive", "type", "floppy", "config", Map.of()));
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.json().path("field").asText()).isEqualTo("type");

        Response badName = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "../etc", "type", "local", "config", Map.of("path", "/tmp/x")));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().path("field").asText()).isEqualTo("name");

        Response notJson = server.postJson("/api/v1/targets", RunningServer.admin(), "{\"name\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().path("error").asText()).isEqualTo("invalid JSON");

        assertThat(names(server.get("/api/v1/targets", RunningServer.admin()).json())).containsExactly("local");
    }

    @Test
    @Order(6)
    void a_target_is_created_read_changed_tested_and_deleted_with_its_password_never_shown_or_stored_in_plain_text()
            throws Exception {
        Path folder = work.resolve("holiday-drive");
        Files.createDirectories(folder);
        String password = "repository-password-7f3a9c";
        Response created = server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "holiday", "type", "local", "config", Map.of("path", folder.toString()), "password", password));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().get("location")).containsExactly("/api/v1/targets/holiday");
        assertThat(created.json().path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(created.body()).doesNotContain(password);

        assertThat(server.postJson("/api/v1/targets", RunningServer.admin(),
                Map.of("name", "holiday", "type", "local", "config", Map.of("path", folder.toString()))).status())
                .isEqualTo(409);

        Response test = server.postJson("/api/v1/targets/holiday/test", RunningServer.admin(), Map.of());
        assertThat(test.json().path("ok").asBoolean()).as(test.body()).isTrue();

        Response changed = server.putJson("/api/v1/targets/holiday", RunningServer.admin(),
                Map.of("config", Map.of("path", folder.resolve("unmounted").toString())));
        assertThat(changed.status()).isEqualTo(200);
        Response failing = server.postJson("/api/v1/targets/holiday/test", RunningServer.admin(), Map.of());
        assertThat(failing.json().path("ok").asBoolean()).isFalse();
        assertThat(failing.json().path("problem").asText()).contains("does not exist");

        Path file = server.folder.resolve("config/shoebox.storage.local~holiday.cfg.json");
        Await.until("the target is written to config/", Duration.ofSeconds(10),
                () -> Files.exists(file) && read(file).contains("unmounted"));
        server.allTextFiles().forEach((path, text) -> assertThat(text).as(path.toString()).doesNotContain(password));

        assertThat(server.delete("/api/v1/targets/holiday", RunningServer.admin()).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/targets/holiday", RunningServer.admin()).status()).isEqualTo(404);
        Await.until("the file is removed", Duration.ofSeconds(10), () -> !Files.exists(file));
    }

    @Test
    @Order(7)
    void a_jar_that_is_not_a_bundle_is_refused_and_changes_nothing() throws Exception {
        Await.until("the plugins shipped in deploy/ to be installed", java.time.Duration.ofSeconds(60), () -> {
            try {
                return bundleNames().containsAll(List.of("io.shoebox.storage.s3", "io.shoebox.storage.sftp",
                        "io.shoebox.storage.webdav", "io.shoebox.metadata.media", "io.shoebox.metadata.avchd"));
            } catch (Exception e) {
                return false;
            }
        });
        List<String> before = bundleNames();
        Path notABundle = work.resolve("not-a-bundle.jar");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(notABundle))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            jar.write("hello".getBytes());
        }
        Response refused = server.postJar("/api/v1/plugins", RunningServer.admin(), notABundle);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("not a bundle");

        Path garbage = work.resolve("garbage.jar");
        Files.writeString(garbage, "this is not even a zip file");
        assertThat(server.postJar("/api/v1/plugins", RunningServer.admin(), garbage).status()).isEqualTo(400);

        assertThat(bundleNames()).isEqualTo(before);
        try (var deployed = Files.list(server.folder.resolve("deploy"))) {
            assertThat(deployed.map(path -> path.getFileName().toString())).as("only the shipped plugins")
                    .allMatch(name -> name.startsWith("io.shoebox.storage.") || name.startsWith("io.shoebox.metadata."));
        }
    }

    @Test
    @Order(8)
    void core_bundles_cannot_be_uninstalled() throws Exception {
        long rest = pluginId("io.shoebox.rest");
        Response refused = server.delete("/api/v1/plugins/" + rest, RunningServer.admin());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("part of the server");
    }

    @Test
    @Order(9)
    void uninstalling_the_local_provider_and_uploading_it_again_works_while_the_same_process_keeps_serving()
            throws Exception {
        long pid = server.process.pid();
        long provider = pluginId("io.shoebox.storage.local");
        JsonNode plugin = server.get("/api/v1/plugins/" + provider, RunningServer.admin()).json();
        assertThat(plugin.path("kind").asText()).isEqualTo("storage");

        assertThat(server.delete("/api/v1/plugins/" + provider, RunningServer.admin()).status()).isEqualTo(204);
        assertThat(type("local")).isNull();
        JsonNode local = server.get("/api/v1/targets/local", RunningServer.admin()).json();
        assertThat(local.path("status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(local.path("reason").asText()).contains("no provider");
        assertThat(local.path("config").path("path").asText()).isEqualTo("repositories/local");

        Path jar = Distribution.systemBundle("shoebox-storage-local");
        Response installed = server.postJar("/api/v1/plugins", RunningServer.admin(), jar);
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        assertThat(installed.json().path("symbolicName").asText()).isEqualTo("io.shoebox.storage.local");
        assertThat(installed.json().path("state").asText()).isEqualTo("ACTIVE");

        assertThat(type("local")).isNotNull();
        Await.until("target local is available again", Duration.ofSeconds(10), () -> {
            try {
                return server.get("/api/v1/targets/local", RunningServer.admin()).json().path("status").asText()
                        .equals("AVAILABLE");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(server.process.isAlive()).isTrue();
        assertThat(server.process.pid()).isEqualTo(pid);
    }

    @Test
    @Order(10)
    void bearer_tokens_authenticate_until_revoked_and_are_never_listed() throws Exception {
        Response issued = server.postJson("/api/v1/tokens", RunningServer.admin(), Map.of("name", "nightly script"));
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().path("token").asText();
        String id = issued.json().path("id").asText();

        assertThat(server.get("/api/v1/targets", "Bearer " + token).status()).isEqualTo(200);
        Response listed = server.get("/api/v1/tokens", RunningServer.admin());
        assertThat(listed.body()).contains("nightly script").doesNotContain(token);

        assertThat(server.delete("/api/v1/tokens/" + id, RunningServer.admin()).status()).isEqualTo(204);
        assertThat(server.get("/api/v1/targets", "Bearer " + token).status()).isEqualTo(401);
    }

    @Test
    @Order(11)
    void the_openapi_document_lists_the_resources() throws Exception {
        JsonNode document = server.get("/api/v1/openapi.json", RunningServer.admin()).json();
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(iterable(document.path("paths").fieldNames())).contains("/health", "/plugins", "/plugins/{id}",
                "/storage-types", "/targets", "/targets/{name}", "/targets/{name}/test", "/tokens");
    }

    @Test
    @Order(12)
    void unknown_resources_get_a_json_404() throws Exception {
        Response missing = server.get("/api/v1/no-such-thing", RunningServer.admin());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").asText()).isEqualTo("not found");
        assertThat(server.get("/api/v1/plugins/999999", RunningServer.admin()).status()).isEqualTo(404);
    }

    @Test
    @Order(13)
    void the_log_goes_to_a_file_under_the_data_directory() throws Exception {
        Path logs = server.home.resolve("logs");
        assertThat(logs).isDirectory();
        try (var files = Files.list(logs)) {
            String all = files.map(ServerApiIT::read).reduce("", String::concat);
            assertThat(all).contains("Installed plugin io.shoebox.storage.local");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.home.resolve("secret.key"))))
                .isEqualTo("rw-------");
    }

    private static JsonNode type(String type) throws Exception {
        for (JsonNode node : server.get("/api/v1/storage-types", RunningServer.admin()).json()) {
            if (node.path("type").asText().equals(type)) {
                return node;
            }
        }
        return null;
    }

    private static JsonNode field(JsonNode type, String id) {
        for (JsonNode field : type.path("fields")) {
            if (field.path("id").asText().equals(id)) {
                return field;
            }
        }
        throw new AssertionError("no field " + id + " in " + type);
    }

    private static long pluginId(String symbolicName) throws Exception {
        for (JsonNode plugin : server.get("/api/v1/plugins", RunningServer.admin()).json()) {
            if (plugin.path("symbolicName").asText().equals(symbolicName)) {
                return plugin.path("id").asLong();
            }
        }
        throw new AssertionError("no plugin " + symbolicName);
    }

    private static List<String> bundleNames() throws Exception {
        return names(server.get("/api/v1/plugins", RunningServer.admin()).json(), "symbolicName");
    }

    private static List<String> names(JsonNode array) {
        return names(array, "name");
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).sorted().toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    /** A file's text, or empty when it is gone. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
