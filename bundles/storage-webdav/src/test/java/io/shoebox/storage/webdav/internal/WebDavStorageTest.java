package io.shoebox.storage.webdav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageUsage;
import io.shoebox.testkit.StorageContract;

/** The storage contract and WebDAV's own cases, against a real Apache httpd with mod_dav. */
class WebDavStorageTest extends StorageContract {

    @TempDir
    static Path data;

    private static WebDavServer server;
    private static final AtomicInteger TARGETS = new AtomicInteger();

    private final List<WebDavStorage> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = WebDavServer.start(data.resolve("dav"));
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeStorages() throws IOException {
        opened.forEach(WebDavStorage::close);
        // Every test leaves the server running, whatever it did to it.
        server.start();
    }

    private WebDavStorage open(WebDavSettings settings) {
        WebDavStorage storage = new WebDavStorage(settings);
        opened.add(storage);
        return storage;
    }

    private static WebDavSettings settings(String url) {
        return WebDavSettings.of(url, server.user(), server.password())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static String freshFolder() {
        return "target-" + TARGETS.incrementAndGet();
    }

    @Override
    protected Storage storage() {
        return open(settings(server.url() + freshFolder()).withCreateIfMissing(true));
    }

    @Override
    protected Storage storageWithWrongCredentials() {
        return open(settings(server.url() + freshFolder()).withCreateIfMissing(true).withPassword("wrong"));
    }

    @Override
    protected Storage storageWithMissingLocation() {
        return open(settings(server.url() + "missing-" + freshFolder()));
    }

    @Override
    protected ServerControl server() {
        return new ServerControl() {
            @Override
            public void stop() throws Exception {
                server.stop();
            }

            @Override
            public void start() throws Exception {
                server.start();
            }
        };
    }

    @Test
    void a_server_that_ignores_range_requests_still_yields_exactly_the_range() throws Exception {
        String folder = freshFolder();
        byte[] content = bytes(200_000, 7);
        open(settings(server.url() + folder).withCreateIfMissing(true)).create("data/ranged", ByteSource.of(content));
        assertThat(rawGet(server.urlIgnoringRanges() + folder + "/data/ranged", "bytes=10-19").statusCode())
                .as("this server answers a ranged GET with the whole object").isEqualTo(200);

        WebDavStorage ignoring = open(settings(server.urlIgnoringRanges() + folder));
        try (InputStream in = ignoring.read("data/ranged", 150_000, 1_000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 150_000, 151_000));
        }
        try (InputStream in = ignoring.read("data/ranged", 199_990, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 199_990, 200_000));
        }
        try (InputStream in = ignoring.read("data/ranged", 0, 5)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 0, 5));
        }
    }

    @Test
    void keys_with_spaces_percent_signs_and_accents_round_trip_and_are_listed_decoded() throws Exception {
        String folder = freshFolder();
        WebDavStorage storage = open(settings(server.url() + folder).withCreateIfMissing(true));
        List<String> keys = List.of("data/with space/a%20b", "data/Fotos ü/é+plus", "data/odd;chars/x#y?z&w=1",
                "data/already%2Fencoded", "data/日本/写真.jpg");
        for (String key : keys) {
            storage.create(key, ByteSource.of(text(key)));
        }
        assertThat(keys(storage, "data/")).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(keys(storage, "data/with ")).containsExactly("data/with space/a%20b");
        for (String key : keys) {
            assertThat(readAll(storage, key)).as(key).isEqualTo(text(key));
            assertThat(storage.stat(key)).as(key).isPresent();
        }
        assertThat(server.root().resolve(folder).resolve("data/with space/a%20b")).as("named as the key on disk")
                .exists();
    }

    @Test
    void a_folder_url_typed_with_plain_spaces_works() throws Exception {
        String folder = "Photo Backup " + TARGETS.incrementAndGet();
        WebDavStorage storage = open(settings(server.url() + folder).withCreateIfMissing(true));
        storage.create("config", ByteSource.of(text("x")));
        assertThat(keys(storage, "")).containsExactly("config");
        assertThat(server.root().resolve(folder).resolve("config")).exists();
    }

    @Test
    void a_missing_folder_is_created_with_its_parents_only_when_asked() throws Exception {
        String folder = freshFolder() + "/nested/deeper";
        WebDavStorage refusing = open(settings(server.url() + folder));
        assertThatThrownBy(() -> refusing.create("config", ByteSource.of(text("x"))))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains(server.url() + folder, "does not exist");
                });
        assertThat(server.root().resolve(folder)).doesNotExist();

        WebDavStorage creating = open(settings(server.url() + folder).withCreateIfMissing(true));
        creating.verifyAccess();
        creating.create("config", ByteSource.of(text("x")));
        assertThat(server.root().resolve(folder).resolve("config")).exists();
    }

    @Test
    void a_folder_removed_while_the_target_is_in_use_is_reported_as_not_found() throws Exception {
        String folder = freshFolder();
        WebDavStorage creating = open(settings(server.url() + folder).withCreateIfMissing(true));
        creating.create("config", ByteSource.of(text("x")));
        WebDavStorage storage = open(settings(server.url() + folder));
        storage.create("keys/first", ByteSource.of(text("x")));

        deleteRecursively(server.root().resolve(folder));

        assertThatThrownBy(() -> storage.create("keys/second", ByteSource.of(text("y"))))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("does not exist");
                });
        assertThatThrownBy(() -> storage.list("keys/", info -> { }))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> storage.stat("keys/first"))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    @Test
    void wrong_credentials_are_reported_with_the_user_name_and_never_the_password() {
        WebDavStorage rejected = open(settings(server.url()).withPassword("not-the-password"));
        assertThatThrownBy(rejected::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("user '" + server.user() + "'", server.url(),
                    "check the user name and password");
            assertThat(e.getMessage()).doesNotContain("not-the-password", server.password());
        });
    }

    @Test
    void a_server_asking_for_a_login_that_was_not_configured_says_so() {
        WebDavStorage anonymous = open(WebDavSettings.of(server.url(), "", ""));
        assertThatThrownBy(anonymous::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("asks for a login");
        });
    }

    @Test
    void without_rfc4331_quota_usage_is_the_sum_of_the_stored_objects() throws Exception {
        // Apache mod_dav_fs (2.4) reports no quota properties, so the provider adds up the listing.
        WebDavStorage storage = open(settings(server.url() + freshFolder()).withCreateIfMissing(true));
        storage.create("data/u1", ByteSource.of(bytes(1000, 5)));
        storage.create("index/u2", ByteSource.of(bytes(2345, 6)));
        assertThat(storage.usage()).isEqualTo(new StorageUsage(3345, StorageUsage.UNKNOWN));
    }

    @Test
    void a_failed_upload_leaves_no_temporary_file_behind() throws Exception {
        String folder = freshFolder();
        WebDavStorage storage = open(settings(server.url() + folder).withCreateIfMissing(true));
        ByteSource shortContent = new ByteSource() {
            @Override
            public long size() {
                return 100_000;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(new byte[50_000]);
            }
        };
        assertThatThrownBy(() -> storage.create("data/short", shortContent))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("ended after 50000 bytes");
                });
        try (Stream<Path> leftovers = Files.list(server.root().resolve(folder).resolve(".tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void deleting_a_key_that_names_a_folder_is_refused_and_keeps_its_contents() throws Exception {
        WebDavStorage storage = open(settings(server.url() + freshFolder()).withCreateIfMissing(true));
        storage.create("data/00/pack", ByteSource.of(text("precious")));
        assertThatThrownBy(() -> storage.delete("data/00")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT));
        assertThat(readAll(storage, "data/00/pack")).isEqualTo(text("precious"));
    }

    @Test
    void a_server_that_accepts_connections_but_never_answers_times_out_as_transient() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            WebDavStorage storage = open(WebDavSettings.of("http://127.0.0.1:" + silent.getLocalPort() + "/dav/", "u", "p")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
            long started = System.nanoTime();
            assertThatThrownBy(() -> storage.stat("config")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void a_refused_connection_is_transient_and_names_the_server() {
        WebDavStorage storage = open(WebDavSettings.of("http://127.0.0.1:" + closedPort() + "/dav/", "u", "p"));
        assertThatThrownBy(() -> storage.stat("config")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(e.getMessage()).contains("cannot connect to http://127.0.0.1:");
        });
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<byte[]> rawGet(String url, String range) throws Exception {
        String credentials = server.user() + ":" + server.password();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Range", range)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
