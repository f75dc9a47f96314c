package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageUsage;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.RepositoryWriter.Stored;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;

class WriterTest extends RepositoryFixture {

    @Test
    void blobs_round_trip_through_packs_and_survive_a_reopen() throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        List<BlobId> ids = new ArrayList<>();
        try (DefaultRepository repository = init(); RepositoryWriter writer = repository.writer()) {
            for (int i = 0; i < 40; i++) {
                byte[] blob = random(i, 1000 + i * 997);
                blobs.add(blob);
                Stored stored = writer.storeBlob(BlobType.DATA, blob, 0, blob.length);
                assertThat(stored.added()).isTrue();
                assertThat(stored.id()).isEqualTo(repository.blobId(blob, 0, blob.length));
                ids.add(stored.id());
            }
            writer.flush();
            assertThat(writer.packsUploaded()).isGreaterThanOrEqualTo(2); // 256 KiB packs
            for (int i = 0; i < blobs.size(); i++) {
                assertThat(repository.readBlob(ids.get(i))).isEqualTo(blobs.get(i));
            }
        }
        try (DefaultRepository repository = open()) {
            for (int i = 0; i < blobs.size(); i++) {
                assertThat(repository.contains(ids.get(i))).isTrue();
                assertThat(repository.readBlob(ids.get(i))).isEqualTo(blobs.get(i));
            }
            assertThat(repository.indexStats().blobs()).isEqualTo(40);
        }
    }

    @Test
    void the_chunker_comes_from_the_repository_secret_and_covers_the_content() throws Exception {
        byte[] video = random(11, 6 << 20);
        try (DefaultRepository repository = init()) {
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            List<Integer> sizes = new ArrayList<>();
            repository.chunker().split(new java.io.ByteArrayInputStream(video), "clip.bin", (buffer, offset, length) -> {
                joined.write(buffer, offset, length);
                sizes.add(length);
            });
            assertThat(joined.toByteArray()).isEqualTo(video);
            assertThat(sizes.size()).isGreaterThan(1);
        }
    }

    @Test
    void a_blob_with_the_same_content_is_stored_once() throws Exception {
        byte[] photo = random(7, 100_000);
        try (DefaultRepository repository = init()) {
            try (RepositoryWriter writer = repository.writer()) {
                assertThat(writer.storeBlob(BlobType.DATA, photo, 0, photo.length).added()).isTrue();
                assertThat(writer.storeBlob(BlobType.DATA, photo.clone(), 0, photo.length).added()).isFalse();
                writer.flush();
            }
            try (RepositoryWriter writer = repository.writer()) {
                assertThat(writer.storeBlob(BlobType.DATA, photo, 0, photo.length).added()).isFalse();
                writer.flush();
                assertThat(writer.packsUploaded()).isZero();
            }
            assertThat(repository.indexStats().blobs()).isEqualTo(1);
            assertThat(repository.indexStats().storedBytes()).isLessThan(photo.length + 200);
        }
    }

    @Test
    void concurrent_writers_threads_store_each_distinct_blob_once() throws Exception {
        try (DefaultRepository repository = init(); RepositoryWriter writer = repository.writer()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicInteger added = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] blob = random(i, 3000); // every thread stores the same 200 blobs
                        if (writer.storeBlob(BlobType.DATA, blob, 0, blob.length).added()) {
                            added.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            writer.flush();
            assertThat(added.get()).isEqualTo(200);
            assertThat(repository.indexStats().blobs()).isEqualTo(200);
            for (int i = 0; i < 200; i++) {
                byte[] blob = random(i, 3000);
                assertThat(repository.readBlob(repository.blobId(blob, 0, blob.length))).isEqualTo(blob);
            }
        }
    }

    @Test
    void data_blobs_are_stored_uncompressed_and_trees_compressed_in_separate_packs() throws Exception {
        byte[] zeros = new byte[200_000]; // compressible, but data is never compressed
        Tree tree = new Tree(List.of(Node.file("a.jpg", 200_000, Instant.parse("2024-05-01T10:00:00Z"), 0644, "17",
                List.of(BlobId.of(new byte[32])), Map.of("camera", "Pixel 8", "width", 4032L))));
        try (DefaultRepository repository = init(); RepositoryWriter writer = repository.writer()) {
            writer.storeBlob(BlobType.DATA, zeros, 0, zeros.length);
            writer.storeTree(tree);
            writer.flush();
            assertThat(repository.indexStats().packs()).isEqualTo(2);
            assertThat(repository.indexStats().storedBytes()).isGreaterThan(200_000);
            var index = repository.index();
            for (int pack = 0; pack < index.packCount(); pack++) {
                BlobType type = index.packType(pack);
                assertThat(index.packEntries(pack)).allMatch(e -> e.type() == type);
            }
        }
    }

    @Test
    void trees_serialize_deterministically_and_round_trip_with_metadata() throws Exception {
        Instant mtime = Instant.parse("2023-12-24T18:30:15.123456789Z");
        BlobId chunk = BlobId.of(random(3, 32));
        Node photo = Node.file("IMG_0001.HEIC", 2_345_678, mtime, 0644, "inode:42", List.of(chunk, chunk),
                Map.of("dateTaken", "2023-12-24T18:30:00", "gpsLatitude", 48.8584, "iso", 100L, "flash", true));
        Node video = Node.file("clip.mov", 0, null, 0, null, List.of(), Map.of());
        try (DefaultRepository repository = init(); RepositoryWriter writer = repository.writer()) {
            BlobId album = writer.storeTree(new Tree(List.of(video, photo)));
            BlobId again = writer.storeTree(new Tree(List.of(photo, video)));
            assertThat(again).isEqualTo(album);
            BlobId root = writer.storeTree(new Tree(List.of(Node.directory("Album", mtime, 0755, album))));
            writer.flush();

            Tree read = repository.readTree(album);
            assertThat(read.nodes()).containsExactly(photo, video); // sorted by name: upper case first
            assertThat(read.find("IMG_0001.HEIC").orElseThrow().metadata())
                    .containsEntry("gpsLatitude", 48.8584).containsEntry("iso", 100L).containsEntry("flash", true);
            assertThat(repository.readTree(root).find("Album").orElseThrow().subtree()).isEqualTo(album);
        }
    }

    @Test
    void snapshots_are_written_after_their_data_and_listed_oldest_first() throws Exception {
        try (DefaultRepository repository = init()) {
            BlobId tree;
            String first;
            try (RepositoryWriter writer = repository.writer()) {
                tree = writer.storeTree(new Tree(List.of()));
                first = writer.commit(new Snapshot(Instant.parse("2024-01-02T00:00:00Z"), "nas", "iphone",
                        "/photos/iphone", tree, null, false, List.of("daily"), Map.of("files", 10L, "bytes", 1234L)));
            }
            String second;
            try (RepositoryWriter writer = repository.writer()) {
                second = writer.commit(new Snapshot(Instant.parse("2024-01-01T00:00:00Z"), "nas", "iphone",
                        "/photos/iphone", tree, first, true, null, null));
            }
            assertThat(repository.snapshots()).extracting(SnapshotRef::id).containsExactly(second, first);
            Snapshot read = repository.snapshot(first).orElseThrow().snapshot();
            assertThat(read.tags()).containsExactly("daily");
            assertThat(read.stats()).containsEntry("files", 10L).containsEntry("bytes", 1234L);
            assertThat(read.tree()).isEqualTo(tree);
            assertThat(repository.snapshot(second).orElseThrow().snapshot().parent()).isEqualTo(first);
            assertThat(repository.snapshot(second).orElseThrow().snapshot().checkpoint()).isTrue();
            assertThat(repository.snapshot(first.substring(0, 10))).map(SnapshotRef::id).contains(first);
            assertThat(root().resolve("snapshots").resolve(first)).exists();
            byte[] stored = Files.readAllBytes(root().resolve("snapshots").resolve(first));
            assertThat(io.shoebox.repository.internal.crypto.MasterKey.sha256Hex(stored, 0, stored.length))
                    .isEqualTo(first);
            repository.forget(first);
            assertThat(repository.snapshots()).extracting(SnapshotRef::id).containsExactly(second);
        }
    }

    @Test
    void the_cache_holds_index_snapshots_and_tree_packs_and_may_be_deleted_at_any_time() throws Exception {
        Path cache = folder.resolve("cache");
        BlobId tree;
        String snapshot;
        try (DefaultRepository repository = DefaultRepository.init(storage(), PASSWORD, cache, fast(), SILENT);
                RepositoryWriter writer = repository.writer()) {
            tree = writer.storeTree(new Tree(List.of(Node.file("a", 1, null, 0, null, List.of(), null))));
            snapshot = writer.commit(new Snapshot(Instant.now(), "h", "s", "/", tree, null, false, null, null));
        }
        try (DefaultRepository repository = DefaultRepository.open(storage(), PASSWORD, cache, fast(), SILENT)) {
            assertThat(repository.readTree(tree).nodes()).hasSize(1);
            Path repoCache = cache.resolve(repository.id());
            assertThat(repoCache.resolve("index")).isNotEmptyDirectory();
            assertThat(repoCache.resolve("packs")).isNotEmptyDirectory();
            assertThat(repoCache.resolve("snapshots").resolve(snapshot)).exists();
            // a damaged cache entry is ignored and replaced
            try (Stream<Path> packs = Files.list(repoCache.resolve("packs"))) {
                for (Path pack : packs.toList()) {
                    Files.write(pack, new byte[] {1, 2, 3});
                }
            }
        }
        try (DefaultRepository repository = DefaultRepository.open(storage(), PASSWORD, cache, fast(), SILENT)) {
            assertThat(repository.readTree(tree).nodes()).hasSize(1);
        }
        deleteTree(cache);
        try (DefaultRepository repository = DefaultRepository.open(storage(), PASSWORD, cache, fast(), SILENT)) {
            assertThat(repository.readTree(tree).nodes()).hasSize(1);
            assertThat(repository.snapshots()).hasSize(1);
        }
    }

    @Test
    void transient_upload_failures_are_retried() throws Exception {
        init().close();
        FlakyStorage flaky = new FlakyStorage(storage(), Kind.TRANSIENT, 2);
        try (DefaultRepository repository = DefaultRepository.open(flaky, PASSWORD, null, fast(), SILENT);
                RepositoryWriter writer = repository.writer()) {
            byte[] blob = random(5, 10_000);
            writer.storeBlob(BlobType.DATA, blob, 0, blob.length);
            writer.flush();
            assertThat(flaky.failures.get()).isEqualTo(2);
            assertThat(repository.readBlob(repository.blobId(blob, 0, blob.length))).isEqualTo(blob);
        }
    }

    @Test
    void a_permanent_upload_failure_stops_the_writer() throws Exception {
        init().close();
        FlakyStorage broken = new FlakyStorage(storage(), Kind.NO_SPACE, Integer.MAX_VALUE);
        try (DefaultRepository repository = DefaultRepository.open(broken, PASSWORD, null, fast(), SILENT)) {
            RepositoryWriter writer = repository.writer();
            byte[] blob = random(5, 10_000);
            writer.storeBlob(BlobType.DATA, blob, 0, blob.length);
            assertThatThrownBy(writer::flush).hasMessageContaining("failed");
            assertThatThrownBy(() -> writer.storeBlob(BlobType.DATA, blob, 0, 10)).hasMessageContaining("failed");
            writer.close();
        }
    }

    static void deleteTree(Path path) throws Exception {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Fails the first {@code count} creates of packs with the given kind. */
    static final class FlakyStorage implements Storage {
        final Storage delegate;
        final Kind kind;
        final int count;
        final AtomicInteger failures = new AtomicInteger();

        FlakyStorage(Storage delegate, Kind kind, int count) {
            this.delegate = delegate;
            this.kind = kind;
            this.count = count;
        }

        @Override
        public void create(String key, ByteSource content) throws StorageException {
            if (key.startsWith("data/") && failures.get() < count) {
                failures.incrementAndGet();
                throw new StorageException(kind, "simulated " + kind + " failure");
            }
            delegate.create(key, content);
        }

        @Override
        public InputStream read(String key, long offset, long length) throws StorageException {
            return delegate.read(key, offset, length);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) throws StorageException {
            return delegate.stat(key);
        }

        @Override
        public void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException {
            delegate.list(prefix, consumer);
        }

        @Override
        public void delete(String key) throws StorageException {
            delegate.delete(key);
        }

        @Override
        public StorageUsage usage() throws StorageException {
            return delegate.usage();
        }

        @Override
        public void verifyAccess() throws StorageException {
            delegate.verifyAccess();
        }
    }
}
