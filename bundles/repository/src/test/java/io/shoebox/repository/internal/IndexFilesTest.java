package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.Storage;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.IndexFormat.IndexedPack;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.format.PackFormat;

/**
 * Index files on their own, without a repository around them: what is written is loaded again,
 * large sets of packs are split over several files, a damaged file is reported and its packs adopted
 * from their headers, packs no file lists are adopted unless another process holds the exclusive
 * lock, packs that cannot be adopted are reported, and a reload forgets what no file lists any more.
 */
class IndexFilesTest extends RepositoryFixture {

    private final MasterKey key = MasterKey.random();
    private final AtomicBoolean otherHoldsExclusive = new AtomicBoolean();
    private Storage storage;

    @BeforeEach
    void createStorage() {
        storage = storage();
    }

    @Test
    void index_files_written_for_packs_are_loaded_by_another_client() throws Exception {
        List<IndexedPack> packs = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // more files than are read at once
            packs.add(storePack(i, 3));
        }
        IndexFiles writer = indexFiles(null);
        List<String> names = new ArrayList<>();
        for (IndexedPack pack : packs) {
            names.addAll(writer.writeReturningNames(List.of(pack)));
        }

        IndexFiles reader = indexFiles(null);
        reader.refresh();

        assertThat(reader.loaded()).containsExactlyInAnyOrderElementsOf(names).hasSize(12);
        assertThat(reader.damaged()).isEmpty();
        assertThat(reader.unadoptable()).isEmpty();
        assertThat(reader.index().packCount()).isEqualTo(12);
        for (IndexedPack pack : packs) {
            for (PackEntry blob : pack.blobs()) {
                assertThat(reader.index().contains(blob.id())).isTrue();
            }
        }
        assertThat(indexObjects()).as("indexed packs are not adopted again").hasSize(12);
    }

    @Test
    void packs_of_more_blobs_than_a_file_takes_are_split_over_several_files() throws Exception {
        int half = DefaultRepository.INDEX_FILE_BLOBS / 2 + 1;
        List<IndexedPack> packs = List.of(unstoredPack(1, half), unstoredPack(2, half), unstoredPack(3, 10));
        IndexFiles files = indexFiles(null);

        List<String> names = files.writeReturningNames(packs);

        assertThat(names).hasSize(2);
        assertThat(indexObjects()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(files.read(names.get(0)).size() + files.read(names.get(1)).size()).isEqualTo(3);
        assertThat(files.loaded()).containsExactlyInAnyOrderElementsOf(names);
        IndexFiles reader = indexFiles(null);
        reader.reload();
        assertThat(reader.index().blobs()).isEqualTo(2L * half + 10);
    }

    @Test
    void a_pack_no_index_file_lists_is_adopted_from_its_header_into_a_new_index_file() throws Exception {
        IndexedPack orphan = storePack(1, 4);
        IndexFiles files = indexFiles(null);

        files.refresh();

        assertThat(files.index().hasPack(Hex.of(orphan.id()))).isTrue();
        assertThat(files.index().locate(orphan.blobs().get(2).id()).offset()).isEqualTo(orphan.blobs().get(2).offset());
        assertThat(indexObjects()).hasSize(1);
        assertThat(files.loaded()).containsExactlyElementsOf(indexObjects());
        assertThat(indexFiles(null).read(indexObjects().get(0))).singleElement()
                .satisfies(pack -> assertThat(pack.blobs()).isEqualTo(orphan.blobs()));
    }

    @Test
    void adoption_waits_while_another_process_holds_the_exclusive_lock() throws Exception {
        IndexedPack orphan = storePack(1, 2);
        IndexFiles files = indexFiles(null);
        otherHoldsExclusive.set(true);

        files.refresh();

        assertThat(files.index().hasPack(Hex.of(orphan.id()))).isFalse();
        assertThat(indexObjects()).isEmpty();
        otherHoldsExclusive.set(false);
        files.adoptOrphans();
        assertThat(files.index().hasPack(Hex.of(orphan.id()))).isTrue();
    }

    @Test
    void a_damaged_index_file_is_reported_and_its_packs_adopted_from_their_headers() throws Exception {
        IndexedPack pack = storePack(1, 2);
        String name = indexFiles(null).writeReturningNames(List.of(pack)).get(0);
        Path file = root().resolve("index").resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        replace(file, bytes);

        IndexFiles files = indexFiles(null);
        files.refresh();

        assertThat(files.damaged()).containsExactly(name);
        assertThat(files.loaded()).doesNotContain(name).hasSize(1);
        assertThat(files.index().contains(pack.blobs().get(0).id())).isTrue();
    }

    @Test
    void a_pack_whose_header_does_not_authenticate_is_reported_until_it_is_gone() throws Exception {
        String name = "ab".repeat(32);
        String packKey = DefaultRepository.packKey(name);
        storage.create(packKey, ByteSource.of(random(3, 5000)));
        IndexFiles files = indexFiles(null);

        files.refresh();

        assertThat(files.unadoptable()).containsExactly(name);
        assertThat(files.index().hasPack(name)).isFalse();
        assertThat(indexObjects()).isEmpty();
        storage.delete(packKey);
        files.refresh();
        assertThat(files.unadoptable()).isEmpty();
    }

    @Test
    void a_reload_forgets_packs_whose_index_file_is_gone() throws Exception {
        IndexedPack kept = storePack(1, 2);
        IndexedPack pruned = storePack(2, 2);
        IndexFiles writer = indexFiles(null);
        String keptFile = writer.writeReturningNames(List.of(kept)).get(0);
        String prunedFile = writer.writeReturningNames(List.of(pruned)).get(0);
        IndexFiles files = indexFiles(null);
        files.refresh();
        assertThat(files.loaded()).containsExactlyInAnyOrder(keptFile, prunedFile);
        assertThat(files.index().packCount()).isEqualTo(2);

        storage.delete(DefaultRepository.INDEX + prunedFile);
        storage.delete(DefaultRepository.packKey(Hex.of(pruned.id())));
        files.reload();

        assertThat(files.loaded()).containsExactly(keptFile);
        assertThat(files.index().hasPack(Hex.of(kept.id()))).isTrue();
        assertThat(files.index().hasPack(Hex.of(pruned.id()))).isFalse();
    }

    @Test
    void index_files_are_read_from_the_cache_and_dropped_from_it_once_gone() throws Exception {
        Path cacheDir = folder.resolve("cache");
        IndexedPack pack = storePack(1, 2);
        String name = indexFiles(new Cache(cacheDir, "repo", SILENT)).writeReturningNames(List.of(pack)).get(0);
        Path stored = root().resolve("index").resolve(name);
        replace(stored, random(9, (int) Files.size(stored))); // only the cached copy is intact

        IndexFiles files = indexFiles(new Cache(cacheDir, "repo", SILENT));
        files.refresh();

        assertThat(files.damaged()).isEmpty();
        assertThat(files.index().hasPack(Hex.of(pack.id()))).isTrue();
        Files.delete(stored);
        files.reload();
        assertThat(cacheDir.resolve("repo").resolve(Cache.INDEX).resolve(name)).doesNotExist();
    }

    private static void replace(Path file, byte[] bytes) throws Exception {
        Files.delete(file);
        Files.write(file, bytes);
    }

    private IndexFiles indexFiles(Cache cache) {
        return new IndexFiles(new StoredObjects(storage, fast(), SILENT), key, cache, otherHoldsExclusive::get, SILENT);
    }

    private List<String> indexObjects() throws Exception {
        return StoredObjects.list(storage, DefaultRepository.INDEX).stream()
                .map(object -> object.key().substring(DefaultRepository.INDEX.length())).toList();
    }

    /** Stores a pack of data blobs in data/ as a writer does, without indexing it; returns how an index lists it. */
    private IndexedPack storePack(long seed, int blobs) throws Exception {
        List<byte[]> contents = Stream.iterate(seed * 100, n -> n + 1).limit(blobs).map(n -> random(n, 1000)).toList();
        byte[] pack = new byte[contents.size() * (1000 + MasterKey.OVERHEAD) + PackFormat.tailLength(blobs)];
        List<PackEntry> entries = new ArrayList<>();
        int position = 0;
        for (byte[] content : contents) {
            BlobId id = key.blobId(content, 0, content.length);
            key.seal(content, 0, content.length, PackFormat.blobAad(BlobType.DATA, id), pack, position);
            entries.add(new PackEntry(BlobType.DATA, id, position, content.length + MasterKey.OVERHEAD, content.length));
            position += content.length + MasterKey.OVERHEAD;
        }
        int end = PackFormat.writeTail(key, entries, pack, position);
        String name = PackFormat.name(pack, end);
        storage.create(DefaultRepository.packKey(name), DefaultWriter.source(pack, end));
        return new IndexedPack(Hex.parse(name), BlobType.DATA, end, entries);
    }

    /** A pack as an index lists it, with distinct made-up blobs and no object behind it. */
    private IndexedPack unstoredPack(long seed, int blobs) {
        List<PackEntry> entries = new ArrayList<>(blobs);
        byte[] counter = new byte[16];
        for (int i = 0; i < blobs; i++) {
            counter[0] = (byte) seed;
            counter[1] = (byte) i;
            counter[2] = (byte) (i >> 8);
            counter[3] = (byte) (i >> 16);
            entries.add(new PackEntry(BlobType.DATA, key.blobId(counter, 0, counter.length), i * 100L, 100, 72));
        }
        return new IndexedPack(MasterKey.sha256(counter, 0, 4), BlobType.DATA, blobs * 100L, entries);
    }
}
