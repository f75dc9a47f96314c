package io.shoebox.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/**
 * The storage contract, as tests. A provider's test class extends this and returns a fresh,
 * empty target from {@link #storage()}; every test below must then pass unchanged.
 */
public abstract class StorageContract {

    /** An empty target, new for each test. */
    protected abstract Storage storage() throws Exception;

    /**
     * The same kind of target with credentials the server rejects, or {@code null} when the medium
     * has no credentials (the test is then skipped).
     */
    protected Storage storageWithWrongCredentials() throws Exception {
        return null;
    }

    /**
     * The same kind of target pointing at a location (bucket, folder, collection) that does not
     * exist and is not to be created, or {@code null} to skip the test.
     */
    protected Storage storageWithMissingLocation() throws Exception {
        return null;
    }

    /**
     * Control over the server behind the targets, for the fault tests, or {@code null} when the
     * medium has no server (the tests are then skipped).
     */
    protected ServerControl server() {
        return null;
    }

    /** Stops and starts the real server a provider talks to. */
    public interface ServerControl {
        /** Makes the server unreachable, abruptly, as a crash or a lost network would. */
        void stop() throws Exception;

        /** Brings the server back with the data it had. */
        void start() throws Exception;
    }

    /** Size of the object used by the large-object test; providers on slow media may lower it. */
    protected int largeObjectSize() {
        return 48 * 1024 * 1024 + 17;
    }

    @Test
    void an_object_reads_back_exactly_as_written() throws Exception {
        Storage storage = storage();
        byte[] content = bytes(100_000, 1);
        storage.create("data/ab/object", ByteSource.of(content));
        assertThat(readAll(storage, "data/ab/object")).isEqualTo(content);
        assertThat(storage.stat("data/ab/object")).get().extracting(ObjectInfo::size).isEqualTo(100_000L);
    }

    @Test
    void creating_an_existing_key_fails_and_keeps_the_first_object() throws Exception {
        Storage storage = storage();
        storage.create("config", ByteSource.of(text("first")));
        assertThatThrownBy(() -> storage.create("config", ByteSource.of(text("second"))))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ALREADY_EXISTS));
        assertThat(readAll(storage, "config")).isEqualTo(text("first"));
    }

    @Test
    void ranged_reads_return_exactly_the_range() throws Exception {
        Storage storage = storage();
        byte[] content = bytes(10_000, 2);
        storage.create("data/range", ByteSource.of(content));
        try (InputStream in = storage.read("data/range", 1_000, 500)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 1_000, 1_500));
        }
        try (InputStream in = storage.read("data/range", 9_990, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 9_990, 10_000));
        }
        try (InputStream in = storage.read("data/range", 0, 0)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void an_empty_object_can_be_stored() throws Exception {
        Storage storage = storage();
        storage.create("locks/empty", ByteSource.of(new byte[0]));
        assertThat(readAll(storage, "locks/empty")).isEmpty();
    }

    @Test
    void listing_returns_the_objects_under_a_prefix_and_no_others() throws Exception {
        Storage storage = storage();
        for (String key : List.of("data/00/a", "data/00/b", "data/01/c", "index/x", "snapshots/s")) {
            storage.create(key, ByteSource.of(text(key)));
        }
        assertThat(keys(storage, "data/")).containsExactlyInAnyOrder("data/00/a", "data/00/b", "data/01/c");
        assertThat(keys(storage, "data/00/")).containsExactlyInAnyOrder("data/00/a", "data/00/b");
        assertThat(keys(storage, "index/")).containsExactly("index/x");
        assertThat(keys(storage, "keys/")).isEmpty();
        assertThat(keys(storage, "")).hasSize(5);
    }

    @Test
    void a_deleted_object_is_gone_and_deleting_twice_is_harmless() throws Exception {
        Storage storage = storage();
        storage.create("snapshots/one", ByteSource.of(text("x")));
        storage.delete("snapshots/one");
        storage.delete("snapshots/one");
        assertThat(storage.stat("snapshots/one")).isEmpty();
        assertThat(keys(storage, "snapshots/")).isEmpty();
        assertThatThrownBy(() -> storage.read("snapshots/one").close())
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void a_missing_object_is_reported_as_not_found() throws Exception {
        Storage storage = storage();
        assertThat(storage.stat("data/none")).isEmpty();
        assertThatThrownBy(() -> storage.read("data/none").close())
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void keys_that_could_escape_the_target_are_refused() throws Exception {
        Storage storage = storage();
        for (String key : List.of("../outside", "data/../../outside", "/absolute", "data//double", "")) {
            assertThatThrownBy(() -> storage.create(key, ByteSource.of(text("x"))))
                    .as(key).isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT));
        }
    }

    @Test
    void a_large_object_round_trips() throws Exception {
        Storage storage = storage();
        byte[] content = bytes(largeObjectSize(), 3);
        storage.create("data/large", ByteSource.of(content));
        assertThat(readAll(storage, "data/large")).isEqualTo(content);
        try (InputStream in = storage.read("data/large", content.length - 10, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 10, content.length));
        }
    }

    @Test
    void of_concurrent_writers_to_one_key_exactly_one_wins_and_its_content_is_whole() throws Exception {
        Storage storage = storage();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] content = bytes(256 * 1024, 100 + i);
                Callable<Boolean> write = () -> {
                    try {
                        storage.create("data/contended", ByteSource.of(content));
                        return true;
                    } catch (StorageException e) {
                        assertThat(e.kind()).isEqualTo(Kind.ALREADY_EXISTS);
                        return false;
                    }
                };
                outcomes.add(pool.submit(write));
            }
            int winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        byte[] stored = readAll(storage, "data/contended");
        boolean matchesOneWriter = false;
        for (int i = 0; i < writers; i++) {
            matchesOneWriter |= java.util.Arrays.equals(stored, bytes(256 * 1024, 100 + i));
        }
        assertThat(matchesOneWriter).as("stored content is exactly one writer's").isTrue();
    }

    @Test
    void concurrent_writers_to_different_keys_all_succeed() throws Exception {
        Storage storage = storage();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String key = "data/" + (i % 4) + "/object-" + i;
                byte[] content = bytes(32 * 1024, i);
                writes.add(pool.submit(() -> {
                    storage.create(key, ByteSource.of(content));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys(storage, "data/")).hasSize(32);
        assertThat(readAll(storage, "data/3/object-31")).isEqualTo(bytes(32 * 1024, 31));
    }

    @Test
    void listing_while_objects_are_deleted_skips_them_and_never_fails() throws Exception {
        Storage storage = storage();
        int count = 200;
        for (int i = 0; i < count; i++) {
            storage.create("locks/" + i, ByteSource.of(bytes(16, i)));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> deleting = pool.submit(() -> {
                for (int i = 0; i < count; i++) {
                    storage.delete("locks/" + i);
                }
                return null;
            });
            while (!deleting.isDone()) {
                assertThat(keys(storage, "locks/")).hasSizeLessThanOrEqualTo(count);
            }
            deleting.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys(storage, "locks/")).isEmpty();
    }

    @Test
    void usage_counts_the_stored_bytes() throws Exception {
        Storage storage = storage();
        storage.create("data/u1", ByteSource.of(bytes(1000, 5)));
        storage.create("data/u2", ByteSource.of(bytes(2000, 6)));
        assertThat(storage.usage().usedBytes()).isGreaterThanOrEqualTo(3000L);
    }

    @Test
    void access_verification_passes_and_leaves_nothing_behind() throws Exception {
        Storage storage = storage();
        storage.verifyAccess();
        assertThat(keys(storage, "")).isEmpty();
    }

    @Test
    void content_shorter_than_announced_is_refused_and_nothing_becomes_visible() throws Exception {
        Storage storage = storage();
        ByteSource lying = new ByteSource() {
            @Override
            public long size() {
                return 1000;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(new byte[10]);
            }
        };
        assertThatThrownBy(() -> storage.create("data/short", lying)).isInstanceOf(StorageException.class);
        assertThat(storage.stat("data/short")).isEmpty();
    }

    @Test
    void a_source_that_fails_midway_leaves_nothing_visible() throws Exception {
        Storage storage = storage();
        ByteSource breaking = new ByteSource() {
            @Override
            public long size() {
                return 1 << 20;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int served;

                    @Override
                    public int read() throws IOException {
                        if (served++ > 300_000) {
                            throw new IOException("source vanished");
                        }
                        return 7;
                    }
                };
            }
        };
        assertThatThrownBy(() -> storage.create("data/broken", breaking)).isInstanceOf(IOException.class);
        assertThat(storage.stat("data/broken")).isEmpty();
        assertThat(keysOnceSettled(storage, "data/")).isEmpty();
    }

    /**
     * The keys under a prefix once the medium has finished discarding an upload that was broken off: a
     * server learns of the abort only from the dropped connection, and some (S3Proxy's filesystem store)
     * list the half-received temporary object until then. Waits at most ten seconds.
     */
    private List<String> keysOnceSettled(Storage storage, String prefix) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> keys = keys(storage, prefix);
        while (!keys.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            keys = keys(storage, prefix);
        }
        return keys;
    }

    @Test
    void wrong_credentials_are_reported_as_an_authentication_failure() throws Exception {
        Storage rejected = storageWithWrongCredentials();
        assumeTrue(rejected != null, "the medium has no credentials");
        assertThatThrownBy(rejected::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    @Test
    void a_missing_location_is_reported_as_not_found() throws Exception {
        Storage missing = storageWithMissingLocation();
        assumeTrue(missing != null, "the provider has no separate location to miss");
        assertThatThrownBy(missing::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    @Test
    void an_unreachable_server_is_reported_as_transient_and_recovers() throws Exception {
        ServerControl server = server();
        assumeTrue(server != null, "the medium has no server");
        Storage storage = storage();
        storage.create("data/before", ByteSource.of(bytes(1000, 40)));
        server.stop();
        try {
            assertThatThrownBy(() -> storage.stat("data/before")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
            assertThatThrownBy(() -> storage.create("data/during", ByteSource.of(bytes(1000, 41))))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
        } finally {
            server.start();
        }
        assertThat(readAll(storage, "data/before")).isEqualTo(bytes(1000, 40));
        assertThat(storage.stat("data/during")).isEmpty();
        storage.create("data/after", ByteSource.of(bytes(1000, 42)));
        assertThat(keys(storage, "data/")).containsExactlyInAnyOrder("data/before", "data/after");
    }

    @Test
    void a_server_that_disappears_mid_upload_leaves_nothing_half_written() throws Exception {
        ServerControl server = server();
        assumeTrue(server != null, "the medium has no server");
        Storage storage = storage();
        int size = 24 * 1024 * 1024;
        byte[] content = bytes(size, 43);
        ByteSource cutOff = new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(content) {
                    private boolean stopped;

                    @Override
                    public synchronized int read(byte[] buffer, int offset, int length) {
                        if (!stopped && pos > size / 3) {
                            stopped = true;
                            try {
                                server.stop();
                            } catch (Exception e) {
                                throw new IllegalStateException("could not stop the server", e);
                            }
                        }
                        return super.read(buffer, offset, length);
                    }
                };
            }
        };
        try {
            assertThatThrownBy(() -> storage.create("data/cut", cutOff)).isInstanceOf(StorageException.class);
        } finally {
            server.start();
        }
        assertThat(storage.stat("data/cut")).isEmpty();
        assertThat(keys(storage, "data/")).isEmpty();
        storage.create("data/cut", ByteSource.of(content));
        assertThat(readAll(storage, "data/cut")).isEqualTo(content);
    }

    protected static byte[] readAll(Storage storage, String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return in.readAllBytes();
        }
    }

    protected static List<String> keys(Storage storage, String prefix) throws StorageException {
        List<String> keys = new ArrayList<>();
        storage.list(prefix, info -> keys.add(info.key()));
        return keys;
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
