package io.shoebox.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.testkit.StorageContract;

class S3StorageTest extends StorageContract {

    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    @TempDir
    static Path work;
    static S3ProxyServer server;
    private final List<S3Storage> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        server = S3ProxyServer.start(work);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClients() {
        opened.forEach(S3Storage::close);
    }

    @Override
    protected Storage storage() throws IOException {
        return open(settings(server.createBucket(), ""));
    }

    @Override
    protected Storage storageWithWrongCredentials() {
        return open(S3Settings.of(server.endpoint(), server.region(), server.bucket(), "", server.accessKey(),
                "not-the-secret", true));
    }

    @Override
    protected Storage storageWithMissingLocation() {
        return open(settings("no-such-bucket", ""));
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

    private S3Settings settings(String bucket, String prefix) {
        return S3Settings.of(server.endpoint(), server.region(), bucket, prefix, server.accessKey(), server.secretKey(),
                true);
    }

    private S3Storage open(S3Settings settings) {
        S3Storage storage = new S3Storage(settings, SILENT);
        opened.add(storage);
        return storage;
    }

    /** Parts of S3's minimum size, so that the boundaries are crossed with little data. */
    private S3Storage withSmallParts() throws IOException {
        return open(settings(server.createBucket(), "").withPartSize(S3Settings.MINIMUM_PART_SIZE));
    }

    @Test
    void objects_at_and_around_the_part_size_round_trip() throws Exception {
        S3Storage storage = withSmallParts();
        int part = (int) S3Settings.MINIMUM_PART_SIZE;
        for (int size : new int[] {part - 1, part, part + 1, 2 * part, 2 * part + 1}) {
            byte[] content = bytes(size, size);
            storage.create("data/" + size, ByteSource.of(content));
            assertThat(readAll(storage, "data/" + size)).as("object of %d bytes", size).isEqualTo(content);
            try (InputStream in = storage.read("data/" + size, part - 3, 6)) {
                int available = Math.min(6, size - (part - 3));
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, part - 3, part - 3 + available));
            }
        }
        assertThat(pendingUploads(storage)).isEmpty();
    }

    @Test
    void a_large_object_on_a_taken_key_is_refused_before_anything_is_uploaded() throws Exception {
        S3Storage storage = withSmallParts();
        storage.create("data/big", ByteSource.of(bytes(11 * 1024 * 1024, 1)));
        ByteSource mustNotBeRead = new ByteSource() {
            @Override
            public long size() {
                return 11 * 1024 * 1024;
            }

            @Override
            public InputStream open() throws IOException {
                throw new IOException("the content of a refused write was opened");
            }
        };
        assertThatThrownBy(() -> storage.create("data/big", mustNotBeRead))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ALREADY_EXISTS));
        assertThat(readAll(storage, "data/big")).isEqualTo(bytes(11 * 1024 * 1024, 1));
    }

    @Test
    void a_multipart_upload_whose_source_fails_is_aborted_and_leaves_no_parts_behind() throws Exception {
        S3Storage storage = withSmallParts();
        int size = 12 * 1024 * 1024;
        byte[] content = bytes(size, 7);
        ByteSource failsInTheSecondPart = new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(content) {
                    @Override
                    public synchronized int read(byte[] buffer, int offset, int length) {
                        if (pos > 7 * 1024 * 1024) {
                            throw new java.io.UncheckedIOException(new IOException("disk read error"));
                        }
                        return super.read(buffer, offset, length);
                    }
                };
            }
        };
        assertThatThrownBy(() -> storage.create("data/partial", failsInTheSecondPart)).isInstanceOf(StorageException.class);
        assertThat(storage.stat("data/partial")).isEmpty();
        assertThat(keys(storage, "")).isEmpty();
        assertThat(pendingUploads(storage)).isEmpty();
    }

    @Test
    void two_targets_in_folders_of_one_bucket_do_not_see_each_other() throws Exception {
        String bucket = server.createBucket();
        S3Storage first = open(settings(bucket, "first"));
        S3Storage second = open(settings(bucket, "/second/repo/"));
        first.create("config", ByteSource.of(text("first")));
        second.create("config", ByteSource.of(text("second, longer")));
        second.create("data/00/a", ByteSource.of(text("a")));

        assertThat(readAll(first, "config")).isEqualTo(text("first"));
        assertThat(readAll(second, "config")).isEqualTo(text("second, longer"));
        assertThat(keys(first, "")).containsExactly("config");
        assertThat(keys(second, "")).containsExactlyInAnyOrder("config", "data/00/a");
        assertThat(first.usage().usedBytes()).isEqualTo(5);
        first.verifyAccess();
        first.delete("data/00/a");
        assertThat(second.stat("data/00/a")).isPresent();
        assertThat(server.dataDir().resolve(bucket).resolve("second/repo/data/00/a")).exists();
    }

    @Test
    void a_missing_bucket_is_reported_as_not_found_with_its_name_and_the_endpoint() {
        S3Storage missing = open(settings("holiday-photos", ""));
        assertThatThrownBy(missing::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("'holiday-photos'", server.endpoint().toString(), "does not exist");
        });
        assertThatThrownBy(() -> missing.stat("config")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThatThrownBy(() -> missing.list("", info -> { })).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void a_wrong_secret_key_is_named_in_the_message_but_never_shown() {
        S3Storage rejected = open(S3Settings.of(server.endpoint(), server.region(), server.bucket(), "",
                server.accessKey(), "wrong-secret-4711", true));
        assertThatThrownBy(rejected::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("secret key", server.endpoint().toString()).doesNotContain("wrong-secret-4711");
        });
    }

    @Test
    void an_unknown_access_key_is_reported_as_an_authentication_failure() {
        S3Storage rejected = open(S3Settings.of(server.endpoint(), server.region(), server.bucket(), "",
                "nobody", server.secretKey(), true));
        assertThatThrownBy(rejected::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("access key").doesNotContain(server.secretKey());
        });
    }

    @Test
    void a_closed_port_is_reported_as_transient_and_names_the_endpoint() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
        S3Storage unreachable = open(S3Settings.of(nowhere, "us-east-1", "photos", "", "key", "secret", true));
        assertThatThrownBy(unreachable::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(e.getMessage()).contains(nowhere.toString());
        });
    }

    @Test
    void the_client_works_when_the_thread_context_class_loader_cannot_see_the_sdk() throws Exception {
        // As under OSGi, where the caller's context class loader is not this bundle's.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader stranger = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(stranger);
            S3Storage storage = open(settings(server.createBucket(), "tccl"));
            storage.create("data/x y+z", ByteSource.of(text("spaces and plus")));
            assertThat(readAll(storage, "data/x y+z")).isEqualTo(text("spaces and plus"));
            assertThat(keys(storage, "data/")).containsExactly("data/x y+z");
            assertThat(storage.stat("data/none")).isEmpty();
            storage.verifyAccess();
            assertThat(thread.getContextClassLoader()).isSameAs(stranger);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void settings_never_show_the_secret_key() {
        S3Settings settings = settings("photos", "");
        assertThat(settings.toString()).doesNotContain(server.secretKey()).contains("photos");
        assertThat(open(settings).toString()).doesNotContain(server.secretKey());
    }

    @Test
    void endpoints_are_read_as_users_type_them() {
        assertThat(S3Settings.parseEndpoint("")).isNull();
        assertThat(S3Settings.parseEndpoint("s3.eu-central-1.wasabisys.com"))
                .isEqualTo(URI.create("https://s3.eu-central-1.wasabisys.com"));
        assertThat(S3Settings.parseEndpoint(" http://nas.local:9000 ")).isEqualTo(URI.create("http://nas.local:9000"));
        assertThatThrownBy(() -> S3Settings.parseEndpoint("ftp://nas.local")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void huge_objects_get_parts_large_enough_for_the_limit_of_ten_thousand() {
        S3Storage storage = open(settings("photos", ""));
        assertThat(storage.partSizeFor(100L * 1024 * 1024)).isEqualTo(S3Settings.DEFAULT_PART_SIZE);
        long huge = 500L * 1024 * 1024 * 1024;
        assertThat(huge / storage.partSizeFor(huge)).isLessThan(10_000);
    }

    /** Unfinished multipart uploads the filesystem store still keeps for a bucket. */
    /**
     * The stored parts of unfinished uploads. S3Proxy's filesystem store keeps them as hidden files under
     * folders named {@code .mpus-<upload id>-...}; an abort deletes the files, but may leave their emptied
     * folder, which holds no data.
     */
    private static List<Path> pendingUploads(S3Storage storage) throws IOException {
        Path bucket = server.dataDir().resolve(storage.settings().bucket());
        try (Stream<Path> files = Files.walk(bucket)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> bucket.relativize(file).toString().contains(".mpus-"))
                    .toList();
        }
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
