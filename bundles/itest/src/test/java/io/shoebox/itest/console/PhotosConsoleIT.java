package io.shoebox.itest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.itest.RealPhotos;
import io.shoebox.itest.RealPhotos.Shot;
import io.shoebox.itest.RunningServer;

/**
 * The backed-up photos in the console, in a real headless Chromium: after a backup of a library of real
 * photos (EXIF dates, cameras, places), the Photos tab of the Snapshots view shows their thumbnails, its
 * filters and timeline narrow them, a tile opens everything known of the photo, and the view follows the
 * catalog plugin going away and coming back. The dashboard tells whether every file of the source is backed
 * up, and names a file added since. With {@code -Dshoebox.screenshots=<dir>} it saves pictures of both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhotosConsoleIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Shot LISBON = new Shot("2019:06:13 21:04:05", "+01:00", "Canon", "Canon EOS 5D", 38.713909,
            -9.139388);
    private static final Shot SYDNEY = new Shot("2021:03:02 10:11:12", "+11:00", "Google", "Pixel 7", -33.856784,
            151.215297);
    private static final int PHOTOS = 7;
    private static final String TILES = "#photos-grid .photo-tile";

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
        Assumptions.assumeTrue(RealPhotos.toolsInstalled(), "ImageMagick and exiftool are needed to make real photos");
        library = work.resolve("library");
        for (int i = 1; i <= 4; i++) {
            RealPhotos.photo(library.resolve("2019/06 Lisbon/IMG_000" + i + ".jpg"), i, LISBON);
        }
        for (int i = 1; i <= 3; i++) {
            RealPhotos.photo(library.resolve("DCIM/Camera/PXL_" + i + ".jpg"), 10 + i, SYDNEY);
        }
        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        server.awaitUp(Duration.ofSeconds(120));
        var source = server.postJson("/api/v1/sources", RunningServer.admin(),
                Map.of("name", "phone", "type", "folder", "config", Map.of("path", library.toString())));
        assertThat(source.status()).as(source.body()).isEqualTo(201);
        // The server's default target "local" takes the backup; the forms that set up targets are ConsoleIT's.
        JsonNode backup = server.runJob(Map.of("type", "backup", "source", "phone", "target", "local"), JOB_TIMEOUT);
        assertThat(backup.path("state").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");

        browser = Browser.openConsole(server);
        browser.go("/");
        browser.signIn("admin", RunningServer.PASSWORD);
        browser.element("#navigation");
    }

    @Test
    @Order(1)
    void the_photos_of_a_backup_show_as_tiles_with_their_thumbnails() throws Exception {
        browser.go("/snapshots");
        browser.click("#tab-photos a");
        Browser.await("the Photos tab is open", Duration.ofSeconds(20), () -> browser.url().endsWith("/snapshots/photos"));
        // The catalog reads the snapshot after the backup has finished: look again until it has.
        Browser.await("all " + PHOTOS + " photos show", Duration.ofSeconds(90), () -> {
            if (tiles() == PHOTOS) {
                return true;
            }
            sleep(1000);
            browser.go("/snapshots/photos");
            return false;
        });
        assertThat(browser.text("#photos-count")).startsWith(PHOTOS + " photos and videos");
        Browser.await("every thumbnail is loaded", Duration.ofSeconds(30), () -> Boolean.TRUE.equals(browser.js(
                "const images = [...document.querySelectorAll(arguments[0] + ' img')];"
                        + " return images.length === arguments[1] && images.every(i => i.complete && i.naturalWidth > 0);",
                TILES, PHOTOS)));
        // A real thumbnail of a 4:3 photo, not the square placeholder the console draws when there is none.
        List<?> size = (List<?>) browser.js("const i = document.querySelector(arguments[0] + ' img');"
                + " return [i.naturalWidth, i.naturalHeight];", TILES);
        assertThat(((Number) size.get(0)).intValue()).isBetween(1, 320);
        assertThat(((Number) size.get(1)).intValue()).isLessThan(((Number) size.get(0)).intValue());
        assertThat(browser.text(TILES + "[data-path='DCIM/Camera/PXL_1.jpg']")).contains("PXL_1.jpg", "2021-03-02 10:11",
                "Pixel 7");
        assertThat(browser.text("#photos-timeline")).contains("2021 · 3", "Mar 3", "2019 · 4", "Jun 4");
        browser.screenshot("photos");
    }

    @Test
    @Order(2)
    void the_camera_filter_narrows_the_tiles_to_that_camera() throws Exception {
        browser.type("#photos-filter-camera", "pixel");
        Browser.await("only the three Pixel photos show", Duration.ofSeconds(20), () -> tiles() == 3);
        assertThat(tilePaths()).allMatch(path -> path.startsWith("DCIM/Camera/PXL_"));
        assertThat(browser.text("#photos-timeline")).as("the timeline counts what the filters leave").contains("2021 · 3")
                .doesNotContain("2019");

        browser.click("#photos-filter-clear");
        Browser.await("all photos show again", Duration.ofSeconds(20), () -> tiles() == PHOTOS);
    }

    @Test
    @Order(3)
    void a_month_of_the_timeline_narrows_the_tiles_to_that_month() throws Exception {
        browser.click("#timeline-2019-06");
        Browser.await("only the four photos of June 2019 show", Duration.ofSeconds(20), () -> tiles() == 4);
        assertThat(tilePaths()).allMatch(path -> path.startsWith("2019/06 Lisbon/"));
        assertThat(browser.text("#photos-count")).contains("June 2019");

        browser.click("#timeline-all");
        Browser.await("all photos show again", Duration.ofSeconds(20), () -> tiles() == PHOTOS);
    }

    @Test
    @Order(4)
    void a_tile_opens_everything_known_of_its_photo() throws Exception {
        browser.click(TILES + "[data-path='2019/06 Lisbon/IMG_0002.jpg']");
        browser.element("#photo-facts");
        assertThat(browser.text("#photo-path")).isEqualTo("2019/06 Lisbon/IMG_0002.jpg");
        assertThat(browser.text("#photo-source")).isEqualTo("phone");
        assertThat(browser.text("#photo-taken")).contains("2019-06-13 21:04:05 +01:00");
        assertThat(browser.text("#photo-camera")).isEqualTo("Canon EOS 5D");
        assertThat(browser.text("#photo-place")).contains("38.71391, -9.13939");
        assertThat(browser.text("#photo-size")).contains("800 × 600");
        assertThat(browser.text("#photo-versions")).startsWith("local: snapshot ");
        browser.screenshot("photo-details");
        browser.click("#photo-close");
        Browser.await("the details close", Duration.ofSeconds(20), () -> !browser.exists("#photo-facts"));
    }

    @Test
    @Order(6)
    void the_dashboard_shows_the_source_backed_up_and_then_names_a_file_added_since() throws Exception {
        String local = "#coverage-phone .coverage-target[data-target='local']";
        browser.go("/");
        Browser.await("the source shows complete on target local", Duration.ofSeconds(60),
                () -> browser.exists(local + "[data-complete='true']"));
        assertThat(browser.text(local)).contains("Complete", PHOTOS + " of " + PHOTOS + " files");

        RealPhotos.photo(library.resolve("DCIM/Camera/PXL_4.jpg"), 14, SYDNEY);
        browser.go("/");
        Browser.await("the new photo shows as missing", Duration.ofSeconds(60),
                () -> browser.exists(local + "[data-complete='false']"));
        assertThat(browser.text(local + " .coverage-verdict")).isEqualTo("1 missing");
        browser.click(local + " vaadin-details-summary");
        Browser.await("the missing file is named", Duration.ofSeconds(20),
                () -> browser.text(local + " .coverage-missing").contains("DCIM/Camera/PXL_4.jpg"));
        browser.screenshot("coverage");

        JsonNode backup = server.runJob(Map.of("type", "backup", "source", "phone", "target", "local"), JOB_TIMEOUT);
        assertThat(backup.path("state").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        Browser.await("the open dashboard shows it complete again after the backup", Duration.ofSeconds(60),
                () -> browser.exists(local + "[data-complete='true']"));
    }

    @Test
    @Order(7)
    void the_photos_fit_a_phone() throws Exception {
        browser.resize(Browser.PHONE);
        try {
            browser.go("/snapshots/photos");
            Browser.await("the photos, the one backed up last too, show", Duration.ofSeconds(90), () -> {
                if (tiles() == PHOTOS + 1) {
                    return true;
                }
                sleep(1000);
                browser.go("/snapshots/photos");
                return false;
            });
            Object overflow = browser.js("return document.documentElement.scrollWidth > window.innerWidth + 1;");
            assertThat(overflow).as("nothing wider than the phone's screen").isEqualTo(Boolean.FALSE);
            browser.screenshot("photos-phone");
        } finally {
            browser.resize(Browser.LAPTOP);
        }
    }

    private static long tiles() {
        return ((Number) browser.js("return document.querySelectorAll(arguments[0]).length;", TILES)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> tilePaths() {
        return (List<String>) browser.js("return [...document.querySelectorAll(arguments[0])].map(t => t.dataset.path);", TILES);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
