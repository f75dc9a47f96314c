package io.shoebox.itest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.itest.PhotoLibrary;
import io.shoebox.itest.RunningServer;

/**
 * The web console of the assembled server, used in a real headless Chromium the way an operator uses it:
 * sign in, set up a target and a source through the generated forms, back up, browse, restore, install
 * and remove a storage provider; and the console's own bundle stopped and started under a running server.
 * With {@code -Dshoebox.screenshots=<dir>} it saves pictures of the main views there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final String CONSOLE_BUNDLE = "io.shoebox.console";
    private static final String WEBDAV_BUNDLE = "io.shoebox.storage.webdav";
    private static final String PHOTO = "DCIM/100APPLE/IMG_0003.JPG";

    @TempDir
    static Path work;

    @AutoClose
    private static RunningServer server;
    @AutoClose
    private static Browser browser;
    private static Path library;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        library = work.resolve("library");
        PhotoLibrary.create(library, 16, 2_000_000);
        // The provider the test uploads must not be there yet, even when the distribution ships it in deploy/.
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD, copy -> {
            try {
                Files.deleteIfExists(copy.resolve("deploy/" + WEBDAV_BUNDLE + ".jar"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        server.awaitUp(Duration.ofSeconds(120));
        browser = Browser.openConsole(server);
    }

    @Test
    @Order(1)
    void a_wrong_password_is_refused_with_a_clear_message() throws Exception {
        browser.go("/");
        browser.element("vaadin-login-form");
        assertThat(browser.url()).endsWith("/login");
        browser.screenshot("login");
        browser.signIn("admin", "not the password");
        Browser.await("the sign-in error shows", Duration.ofSeconds(20),
                () -> browser.text("vaadin-login-form").contains("Wrong user or password")
                        || browser.text("[part='error-message']").contains("Wrong user or password"));
        assertThat(browser.exists("#navigation")).isFalse();
    }

    @Test
    @Order(2)
    void the_admin_signs_in_and_sees_what_to_do_first() throws Exception {
        browser.signIn("admin", RunningServer.PASSWORD);
        browser.element("#navigation");
        browser.element("#getting-started");
        assertThat(browser.text("#getting-started")).contains("Add a source");
        browser.screenshot("dashboard-new");
    }

    @Test
    @Order(3)
    void a_local_target_is_created_through_the_form_its_provider_describes() throws Exception {
        browser.go("/targets");
        browser.click("#add-target");
        browser.choose("#type", "local");
        browser.element("#field-path");
        assertThat(browser.exists("#field-createIfMissing")).as("the checkbox of a boolean setting").isTrue();
        browser.type("#name", "usb");
        browser.type("#repository-password", "correct horse battery staple");
        browser.click("#save");
        Browser.await("the missing folder is named", Duration.ofSeconds(20), () -> browser.text("#form-error").contains("Folder"));
        assertThat(browser.text("#form-error")).contains("required");

        browser.type("#field-path", work.resolve("usb").toString());
        browser.click("#field-createIfMissing");
        browser.screenshot("targets-form");
        browser.click("#save");
        Browser.await("target usb is listed as available", Duration.ofSeconds(30),
                () -> !browser.exists("#target-dialog") && browser.gridTexts("#targets").contains("usb")
                        && browser.gridTexts("#targets").contains("Available"));
        JsonNode target = server.get("/api/v1/targets/usb", RunningServer.admin()).json();
        assertThat(target.path("status").asText()).isEqualTo("AVAILABLE");
        assertThat(Files.exists(work.resolve("usb/config"))).as("the repository was initialized with the password").isTrue();

        browser.click("#test-usb");
        Browser.await("the test's result shows", Duration.ofSeconds(30), () -> browser.text("#test-result").contains("works"));
    }

    @Test
    @Order(4)
    void a_folder_source_is_created() throws Exception {
        browser.go("/sources");
        browser.click("#add-source");
        browser.choose("#type", "folder");
        browser.type("#name", "phone");
        browser.type("#field-path", library.toString());
        browser.click("#save");
        Browser.await("source phone is listed", Duration.ofSeconds(30), () -> browser.gridTexts("#sources").contains("phone"));
        assertThat(server.get("/api/v1/sources/phone", RunningServer.admin()).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void a_backup_started_from_the_source_runs_its_progress_bar_to_the_end() throws Exception {
        browser.click("#backup-phone");
        browser.choose("#backup-target", "usb");
        browser.click("#start-backup");
        Browser.await("the Jobs page shows the backup", Duration.ofSeconds(30),
                () -> browser.url().endsWith("/jobs") && browser.exists(".job-card"));
        browser.screenshot("jobs-running");
        Browser.await("the backup succeeds", JOB_TIMEOUT,
                () -> browser.exists(".job-card [data-state='SUCCEEDED']"));
        Object filesBar = browser.js("return document.querySelector('.job-card vaadin-progress-bar.files-progress').value;");
        Object bytesBar = browser.js("return document.querySelector('.job-card vaadin-progress-bar.bytes-progress').value;");
        assertThat(((Number) filesBar).doubleValue()).isEqualTo(1.0);
        assertThat(((Number) bytesBar).doubleValue()).isEqualTo(1.0);
        int files = io.shoebox.itest.Trees.files(library).size();
        assertThat(browser.text(".job-card")).contains(files + " of " + files + " files");
        browser.screenshot("jobs");
    }

    @Test
    @Order(6)
    void the_new_snapshot_is_browsed_folder_by_folder() throws Exception {
        browser.go("/snapshots");
        browser.choose("#snapshot-target", "usb");
        Browser.await("the snapshot is listed", Duration.ofSeconds(30), () -> browser.gridTexts("#snapshots").contains("phone"));
        browser.expand("#snapshot-files", "DCIM");
        browser.expand("#snapshot-files", "100APPLE");
        Browser.await("the photos of DCIM/100APPLE show", Duration.ofSeconds(30),
                () -> browser.gridTexts("#snapshot-files").contains("IMG_0003.JPG"));
        assertThat(browser.gridTexts("#snapshot-files")).contains("2019", "DCIM", "100APPLE", "IMG_0001.JPG");
        browser.screenshot("snapshots");
    }

    @Test
    @Order(7)
    void one_photo_is_restored_to_a_folder_byte_for_byte() throws Exception {
        browser.clickInRowOf("#snapshot-files", "IMG_0003.JPG", "vaadin-checkbox");
        browser.click("#restore-selected");
        Path destination = work.resolve("restored");
        browser.type("#restore-destination", destination.toString());
        browser.click("#start-restore");
        Browser.await("the restore succeeds", JOB_TIMEOUT, () -> browser.exists("#restore-status[data-state='SUCCEEDED']"));
        Object bar = browser.js("return document.querySelector('#restore-progress').value;");
        assertThat(((Number) bar).doubleValue()).isEqualTo(1.0);
        assertThat(Files.readAllBytes(destination.resolve(PHOTO))).isEqualTo(Files.readAllBytes(library.resolve(PHOTO)));
        try (var restored = Files.walk(destination)) {
            assertThat(restored.filter(Files::isRegularFile).count()).as("only the chosen photo").isEqualTo(1);
        }
        browser.go("/snapshots");
    }

    @Test
    @Order(8)
    void an_uploaded_provider_is_offered_in_the_target_form_and_its_targets_go_unavailable_when_it_is_uninstalled()
            throws Exception {
        Path jar = Path.of(System.getProperty("shoebox.console.providerJar",
                "../storage-webdav/target/shoebox-storage-webdav-0.1.0-SNAPSHOT.jar")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no provider jar to upload at " + jar + " (build bundles/storage-webdav)");

        browser.go("/plugins");
        browser.upload("#plugin-upload", jar);
        Browser.await("the upload reports the installed provider", Duration.ofSeconds(60),
                () -> browser.text("#install-result").startsWith("Installed"));
        Browser.await("the provider is listed", Duration.ofSeconds(30), () -> browser.gridTexts("#plugins").contains(WEBDAV_BUNDLE));
        browser.screenshot("plugins");

        browser.go("/targets");
        browser.click("#add-target");
        browser.choose("#type", "webdav");
        browser.element("#field-url");
        assertThat(browser.exists("vaadin-password-field#field-password")).as("the secret as a password field").isTrue();
        browser.type("#name", "nas");
        browser.type("#field-url", "http://127.0.0.1:9/photos/");
        browser.click("#save");
        Browser.await("target nas is listed", Duration.ofSeconds(30),
                () -> !browser.exists("#target-dialog") && browser.gridTexts("#targets").contains("nas"));

        browser.go("/plugins");
        long listed = ((Number) browser.js("return document.querySelector('#plugins').size;")).longValue();
        browser.click("#uninstall-" + WEBDAV_BUNDLE.replace(".", "\\."));
        browser.click("vaadin-confirm-dialog-overlay[opened] vaadin-button[slot='confirm-button']");
        Browser.await("the provider is gone from the list", Duration.ofSeconds(30),
                () -> ((Number) browser.js("return document.querySelector('#plugins').size;")).longValue() == listed - 1);
        assertThat(pluginIds(WEBDAV_BUNDLE)).isEmpty();
        browser.go("/targets");
        Browser.await("target nas shows as unavailable", Duration.ofSeconds(30),
                () -> browser.gridTexts("#targets").stream().anyMatch(cell -> cell.startsWith("Unavailable")));
        assertThat(server.get("/api/v1/targets/nas", RunningServer.admin()).json().path("status").asText()).isEqualTo("UNAVAILABLE");
    }

    @Test
    @Order(9)
    void the_dashboard_shows_targets_sources_and_warnings_and_fits_a_phone() throws Exception {
        browser.go("/");
        browser.element("#dashboard-targets");
        assertThat(browser.gridTexts("#dashboard-sources")).contains("phone");
        assertThat(browser.gridTexts("#dashboard-targets")).contains("usb");
        browser.screenshot("dashboard");
        browser.resize(Browser.PHONE);
        browser.go("/");
        browser.element("#dashboard-targets");
        browser.screenshot("dashboard-phone");
        browser.resize(Browser.LAPTOP);
    }

    @Test
    @Order(10)
    void stopping_the_console_bundle_leaves_the_server_running_headless_and_starting_it_serves_the_console_again()
            throws Exception {
        long console = pluginId(CONSOLE_BUNDLE);
        var stopped = server.postJson("/api/v1/plugins/" + console + "/stop", RunningServer.admin(), "{}");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        Browser.await("the console is no longer served", Duration.ofSeconds(30), () -> server.anonymousStatus("/") == 404);
        assertThat(server.get("/api/v1/health", null).json().path("status").asText()).isEqualTo("UP");
        assertThat(server.get("/api/v1/targets", RunningServer.admin()).status()).isEqualTo(200);

        var started = server.postJson("/api/v1/plugins/" + console + "/start", RunningServer.admin(), "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        Browser.await("the console is served again", Duration.ofSeconds(60), () -> server.anonymousStatus("/") == 200);
        browser.go("/");
        browser.element("vaadin-login-form");
        browser.signIn("admin", RunningServer.PASSWORD);
        browser.element("#navigation");
    }

    @Test
    @Order(11)
    void a_policy_is_created_in_its_form_refused_with_its_problem_named_and_run_now() throws Exception {
        browser.go("/policies");
        browser.element("#add-policy");
        browser.screenshot("policies-empty");
        browser.click("#add-policy");
        browser.type("#policy-name", "nightly");
        browser.pick("#policy-sources", "phone");
        browser.pick("#policy-targets", "usb");
        browser.type("#policy-schedule", "every night");
        browser.click("#save-policy");
        Browser.await("the wrong schedule is named", Duration.ofSeconds(20),
                () -> browser.text("#policy-error").contains("schedule"));
        assertThat(server.get("/api/v1/policies/nightly", RunningServer.admin()).status()).isEqualTo(404);

        browser.type("#policy-schedule", "30 2 * * *");
        browser.type("#policy-keepDaily", "7");
        browser.click("#save-policy");
        Browser.await("policy nightly is listed", Duration.ofSeconds(30), () -> browser.gridTexts("#policies").contains("nightly"));
        JsonNode policy = server.get("/api/v1/policies/nightly", RunningServer.admin()).json();
        assertThat(policy.path("valid").asBoolean()).as(policy.toString()).isTrue();
        assertThat(policy.path("config").path("keepDaily").asInt()).isEqualTo(7);
        assertThat(policy.path("nextRun").asText()).isNotBlank();

        browser.click("#run-nightly");
        Browser.await("the policy's run succeeds", JOB_TIMEOUT, () -> {
            try {
                return "SUCCEEDED".equals(server.get("/api/v1/policies/nightly", RunningServer.admin()).json()
                        .path("lastOutcome").asText());
            } catch (java.io.IOException e) {
                return false;
            }
        });
        browser.go("/policies");
        Browser.await("the last run is shown", Duration.ofSeconds(30),
                () -> browser.gridTexts("#policies").stream().anyMatch(text -> text.contains("succeeded")));
        browser.screenshot("policies");
    }

    @Test
    @Order(12)
    void damage_a_check_finds_is_repaired_from_the_jobs_page_and_locks_are_handled_on_the_targets_page()
            throws Exception {
        Path pack;
        try (var packs = Files.walk(work.resolve("usb/data"))) {
            pack = packs.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(pack, bytes);
        JsonNode check = server.runJob(java.util.Map.of("type", "check", "target", "usb", "options",
                java.util.Map.of("readData", 1.0)), JOB_TIMEOUT);
        assertThat(check.path("state").asText()).as(check.toString()).isEqualTo("FAILED");
        String checkId = check.path("id").asText();

        browser.go("/jobs");
        browser.click("#repair-" + checkId);
        browser.element("#repair-dialog");
        browser.screenshot("repair");
        browser.click("#start-repair");
        Browser.await("the repair ran and said what it found", JOB_TIMEOUT, () -> {
            JsonNode repair = latestJob("repair");
            return repair != null && repair.path("state").asText().equals("SUCCEEDED_WITH_WARNINGS");
        });
        JsonNode repaired = server.runJob(java.util.Map.of("type", "backup", "source", "phone", "target", "usb"), JOB_TIMEOUT);
        assertThat(repaired.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(server.runJob(java.util.Map.of("type", "check", "target", "usb", "options",
                java.util.Map.of("readData", 1.0)), JOB_TIMEOUT).path("state").asText()).isEqualTo("SUCCEEDED");
        browser.go("/jobs");
        Browser.await("the repair is in the history with its outcome", Duration.ofSeconds(30),
                () -> browser.gridTexts("#job-history").stream().anyMatch(text -> text.contains("damaged pack(s) replaced")));

        browser.go("/targets");
        browser.click("#locks-usb");
        browser.element("#no-locks");
        browser.click("#unlock-all");
        Browser.await("removing every lock asks for the target's name", Duration.ofSeconds(20),
                () -> browser.exists("#unlock-confirm[invalid]"));
        browser.type("#unlock-confirm", "usb");
        browser.click("#unlock-all");
        Browser.await("the unlock ran", JOB_TIMEOUT, () -> {
            JsonNode unlock = latestJob("unlock");
            return unlock != null && unlock.path("state").asText().equals("SUCCEEDED");
        });
        assertThat(latestJob("unlock").path("options").path("all").asBoolean()).isTrue();
    }

    @Test
    @Order(13)
    void server_events_redraw_only_rows_that_changed_so_a_button_in_view_stays_the_same_element() throws Exception {
        browser.go("/sources");
        org.openqa.selenium.WebElement button = browser.element("#backup-phone");
        long metadata = pluginId("io.shoebox.metadata.media");
        assertThat(server.postJson("/api/v1/plugins/" + metadata + "/stop", RunningServer.admin(), "{}").status())
                .isEqualTo(200);
        assertThat(server.postJson("/api/v1/plugins/" + metadata + "/start", RunningServer.admin(), "{}").status())
                .isEqualTo(200);
        Thread.sleep(1500); // the console gathers events for a moment before it redraws
        browser.awaitIdle();

        assertThat(button.isDisplayed()).as("the button found before the events is still on the page").isTrue();
        button.click();
        browser.element("#backup-dialog");
    }

    @Test
    @Order(14)
    void editing_a_target_or_a_source_shows_every_setting_and_saving_keeps_them() throws Exception {
        browser.go("/targets");
        browser.click("#edit-usb");
        browser.element("#field-path");
        assertThat(fieldValue("#field-path")).isEqualTo(work.resolve("usb").toString());
        assertThat(browser.js("return document.querySelector('#field-createIfMissing').checked;"))
                .as("the ticked checkbox stays ticked").isEqualTo(true);
        browser.click("#save");
        Browser.await("the target's dialog closes", Duration.ofSeconds(30), () -> !browser.exists("#target-dialog"));
        JsonNode target = server.get("/api/v1/targets/usb", RunningServer.admin()).json();
        assertThat(target.path("config").path("path").asText()).isEqualTo(work.resolve("usb").toString());
        assertThat(target.path("config").path("createIfMissing").asBoolean()).isTrue();
        assertThat(target.path("status").asText()).isEqualTo("AVAILABLE");

        browser.go("/sources");
        browser.click("#edit-phone");
        assertThat(fieldValue("#field-path")).isEqualTo(library.toString());
        browser.type("#field-excludes", "*.tmp\nThumbs.db");
        browser.click("#save");
        Browser.await("the source's dialog closes", Duration.ofSeconds(30), () -> !browser.exists("#source-dialog"));
        JsonNode source = server.get("/api/v1/sources/phone", RunningServer.admin()).json();
        assertThat(source.path("config").path("path").asText()).isEqualTo(library.toString());
        assertThat(source.path("config").path("excludes")).extracting(JsonNode::asText)
                .containsExactly("*.tmp", "Thumbs.db");

        browser.click("#edit-phone");
        browser.element("#field-excludes");
        assertThat(fieldValue("#field-excludes")).isEqualTo("*.tmp\nThumbs.db");
        browser.click("#cancel");
    }

    private static String fieldValue(String selector) {
        browser.element(selector);
        return String.valueOf(browser.js("return document.querySelector(arguments[0]).value;", selector));
    }

    private static JsonNode latestJob(String type) {
        try {
            for (JsonNode job : server.get("/api/v1/jobs", RunningServer.admin()).json()) {
                if (type.equals(job.path("type").asText())) {
                    return job;
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static java.util.List<Long> pluginIds(String symbolicName) throws Exception {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (JsonNode plugin : server.get("/api/v1/plugins", RunningServer.admin()).json()) {
            if (symbolicName.equals(plugin.path("symbolicName").asText())) {
                ids.add(plugin.path("id").asLong());
            }
        }
        return ids;
    }

    private static long pluginId(String symbolicName) throws Exception {
        for (JsonNode plugin : server.get("/api/v1/plugins", RunningServer.admin()).json()) {
            if (symbolicName.equals(plugin.path("symbolicName").asText())) {
                return plugin.path("id").asLong();
            }
        }
        throw new AssertionError("no plugin " + symbolicName);
    }

}
