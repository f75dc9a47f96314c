package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.itest.RealPhotos.Shot;
import io.shoebox.itest.RunningServer.Response;

/**
 * What is backed up, through the REST API of a running server: the catalog finds photos by date,
 * camera and place with the metadata their files carry, serves their thumbnails from the
 * repository, reports exact copies, and is rebuilt from the repository alone; coverage names the
 * file left out of the last backup and the file changed after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhotoCatalogIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Shot LISBON = new Shot("2019:06:13 21:04:05", "+01:00", "Apple", "iPhone XS", 38.713909,
            -9.139388);
    private static final Shot BERLIN = new Shot("2021:03:02 10:11:12", "+01:00", "Canon", "Canon EOS 5D", 52.520008,
            13.404954);
    private static final Shot SYDNEY = new Shot("2023:12:24 19:30:00", "+11:00", "Google", "Pixel 7", -33.856784,
            151.215297);

    @TempDir
    static Path work;

    private static RunningServer server;
    private static Path library;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealPhotos.toolsInstalled(), "ImageMagick and exiftool are needed to make real photos");
        library = work.resolve("library");
        for (int i = 1; i <= 4; i++) {
            RealPhotos.photo(library.resolve("Camera/2019/lisbon-" + i + ".jpg"), i, LISBON);
        }
        for (int i = 1; i <= 3; i++) {
            RealPhotos.photo(library.resolve("Camera/2021/berlin-" + i + ".jpg"), 10 + i, BERLIN);
        }
        RealPhotos.photo(library.resolve("Camera/2023/sydney.jpg"), 20, SYDNEY);
        RealPhotos.photo(library.resolve("Camera/left-out.jpg"), 30, SYDNEY);
        Files.createDirectories(library.resolve("Duplicates"));
        Files.copy(library.resolve("Camera/2019/lisbon-1.jpg"), library.resolve("Duplicates/lisbon-1.jpg"));
        Files.copy(library.resolve("Camera/2021/berlin-2.jpg"), library.resolve("Duplicates/berlin-2 copy.jpg"));

        server = RunningServer.start(work.resolve("server"), RunningServer.PASSWORD);
        server.awaitUp(Duration.ofSeconds(90));
        Await.until("the metadata plugin from deploy/ to start", Duration.ofSeconds(60), PhotoCatalogIT::metadataActive);
        Response source = server.postJson("/api/v1/sources", RunningServer.admin(),
                Map.of("name", "phone", "type", "folder", "config", Map.of("path", library.toString())));
        assertThat(source.status()).as(source.body()).isEqualTo(201);
        JsonNode backup = server.runJob(Map.of("type", "backup", "source", "phone", "target", "local",
                "options", Map.of("exclude", List.of("left-out.jpg"))), JOB_TIMEOUT);
        assertThat(backup.path("state").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        assertThat(backup.path("result").path("filesExcluded").asLong()).isEqualTo(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode get(String path) throws Exception {
        Response response = server.get(path, RunningServer.admin());
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static boolean metadataActive() {
        try {
            for (JsonNode plugin : server.get("/api/v1/plugins", RunningServer.admin()).json()) {
                if (plugin.path("symbolicName").asText().equals("io.shoebox.metadata.media")) {
                    return plugin.path("state").asText().equals("ACTIVE");
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Items in the catalog, or -1 while it does not answer yet. */
    private static long catalogTotal() {
        try {
            Response response = server.get("/api/v1/items?limit=1", RunningServer.admin());
            return response.status() == 200 ? response.json().path("total").asLong() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static List<String> paths(JsonNode page) {
        List<String> paths = new ArrayList<>();
        page.path("items").forEach(item -> paths.add(item.path("path").asText()));
        return paths;
    }

    @Test
    @Order(1)
    void the_catalog_follows_the_backup_and_holds_every_photo_with_where_it_is_backed_up() throws Exception {
        Await.until("the catalog to read the new snapshot", Duration.ofSeconds(60),
                () -> catalogTotal() == 10);
        JsonNode all = get("/api/v1/items?limit=100");

        assertThat(paths(all)).doesNotContain("Camera/left-out.jpg").contains("Camera/2023/sydney.jpg");
        assertThat(paths(all).subList(0, 1)).as("newest taken first").containsExactly("Camera/2023/sydney.jpg");
        JsonNode sydney = all.path("items").get(0);
        assertThat(sydney.path("source").asText()).isEqualTo("phone");
        assertThat(sydney.path("backedUp").get(0).path("target").asText()).isEqualTo("local");
    }

    @Test
    @Order(2)
    void a_date_range_and_a_camera_find_the_photos_with_the_date_camera_and_place_their_files_carry() throws Exception {
        JsonNode page = get("/api/v1/items?from=2019-06-01&to=2019-06-30&camera=iphone");

        assertThat(page.path("total").asLong()).isEqualTo(5);
        assertThat(paths(page)).containsExactlyInAnyOrder("Camera/2019/lisbon-1.jpg", "Camera/2019/lisbon-2.jpg",
                "Camera/2019/lisbon-3.jpg", "Camera/2019/lisbon-4.jpg", "Duplicates/lisbon-1.jpg");
        for (JsonNode item : page.path("items")) {
            assertThat(item.path("takenAt").asText()).isEqualTo("2019-06-13T21:04:05+01:00");
            assertThat(item.path("camera").asText()).isEqualTo("Apple iPhone XS");
            assertThat(item.path("latitude").asDouble()).isCloseTo(LISBON.latitude(), within(1e-5));
            assertThat(item.path("longitude").asDouble()).isCloseTo(LISBON.longitude(), within(1e-5));
            assertThat(item.path("mediaType").asText()).isEqualTo("image/jpeg");
        }
    }

    @Test
    @Order(3)
    void a_place_finds_the_photos_taken_there_on_either_side_of_the_equator() throws Exception {
        assertThat(paths(get("/api/v1/items?bbox=" + URLEncoder.encode("52.3,13.0,52.7,13.8", StandardCharsets.UTF_8))))
                .containsExactlyInAnyOrder("Camera/2021/berlin-1.jpg", "Camera/2021/berlin-2.jpg",
                        "Camera/2021/berlin-3.jpg", "Duplicates/berlin-2 copy.jpg");
        assertThat(paths(get("/api/v1/items?bbox=-34.5,150.5,-33.5,151.5"))).containsExactly("Camera/2023/sydney.jpg");
    }

    @Test
    @Order(4)
    void a_bad_search_is_refused_naming_the_parameter() throws Exception {
        Response response = server.get("/api/v1/items?from=13.06.2019", RunningServer.admin());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("from");
    }

    @Test
    @Order(5)
    void a_photo_has_a_thumbnail_made_at_backup_and_read_back_from_the_repository() throws Exception {
        JsonNode item = get("/api/v1/items?camera=pixel").path("items").get(0);
        assertThat(item.path("thumbnail").asText()).isEqualTo("/api/v1/items/" + item.path("id").asText() + "/thumbnail");

        HttpResponse<byte[]> thumbnail = server.getBytes(item.path("thumbnail").asText(), RunningServer.admin());

        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(image).isNotNull();
        assertThat(Math.max(image.getWidth(), image.getHeight())).isBetween(100, 320);
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo(800.0 / 600, within(0.02));
    }

    @Test
    @Order(6)
    void the_duplicates_report_finds_every_exact_copy_and_the_space_saved() throws Exception {
        JsonNode report = get("/api/v1/catalog/duplicates");

        List<List<String>> groups = new ArrayList<>();
        report.path("groups").forEach(group -> {
            List<String> copies = new ArrayList<>();
            group.path("copies").forEach(copy -> copies.add(copy.asText()));
            groups.add(copies);
        });
        assertThat(groups).containsExactlyInAnyOrder(
                List.of("phone:Camera/2019/lisbon-1.jpg", "phone:Duplicates/lisbon-1.jpg"),
                List.of("phone:Camera/2021/berlin-2.jpg", "phone:Duplicates/berlin-2 copy.jpg"));
        assertThat(report.path("duplicateFiles").asLong()).isEqualTo(2);
        assertThat(report.path("savedBytes").asLong()).isEqualTo(Files.size(library.resolve("Duplicates/lisbon-1.jpg"))
                + Files.size(library.resolve("Duplicates/berlin-2 copy.jpg")));
    }

    @Test
    @Order(7)
    void coverage_names_the_file_left_out_of_the_last_backup_and_the_file_changed_after_it() throws Exception {
        JsonNode complete = get("/api/v1/sources/phone/coverage").path("targets").get(0);
        assertThat(complete.path("missing")).extracting(JsonNode::asText).containsExactly("Camera/left-out.jpg");
        assertThat(complete.path("changedCount").asLong()).isZero();

        Path edited = library.resolve("Camera/2021/berlin-3.jpg");
        RealPhotos.photo(edited, 99, BERLIN);
        Files.setLastModifiedTime(edited, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        JsonNode coverage = get("/api/v1/sources/phone/coverage");
        assertThat(coverage.path("files").asLong()).isEqualTo(11);
        JsonNode local = coverage.path("targets").get(0);
        assertThat(local.path("target").asText()).isEqualTo("local");
        assertThat(local.path("complete").asBoolean()).isFalse();
        assertThat(local.path("backedUp").asLong()).isEqualTo(9);
        assertThat(local.path("missing")).extracting(JsonNode::asText).containsExactly("Camera/left-out.jpg");
        assertThat(local.path("changed")).extracting(JsonNode::asText).containsExactly("Camera/2021/berlin-3.jpg");
    }

    @Test
    @Order(8)
    void a_rebuild_recreates_the_catalog_from_the_repository_alone() throws Exception {
        JsonNode before = get("/api/v1/items?limit=100");

        Response rebuilt = server.postJson("/api/v1/catalog/rebuild", RunningServer.admin(), Map.of());

        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(200);
        assertThat(rebuilt.json().path("items").asLong()).isEqualTo(10);
        JsonNode after = get("/api/v1/items?limit=100");
        assertThat(after.path("items")).isEqualTo(before.path("items"));
    }
}
