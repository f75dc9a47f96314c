package io.shoebox.repository.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.internal.format.PackEntry;

class BlobIndexTest {

    static BlobId id(long seed) {
        byte[] bytes = new byte[32];
        new Random(seed * 0x9E3779B97F4A7C15L).nextBytes(bytes);
        return BlobId.of(bytes);
    }

    static byte[] packId(int pack) {
        return id(-1 - pack).bytes();
    }

    /** Adds {@code blobs} synthetic blobs in packs of {@code perPack}. */
    static void fill(BlobIndex index, int from, int blobs, int perPack) {
        for (int first = from; first < from + blobs; first += perPack) {
            List<PackEntry> entries = new ArrayList<>(perPack);
            for (int i = 0; i < perPack && first + i < from + blobs; i++) {
                entries.add(new PackEntry(BlobType.DATA, id(first + i), (long) i * 1_000_028, 1_000_028, 1_000_000));
            }
            index.addPack(packId(first / perPack), BlobType.DATA, 16_000_000, entries);
        }
    }

    @Test
    void a_million_blobs_cost_at_most_64_bytes_each() {
        BlobIndex index = new BlobIndex();
        fill(index, 0, 1_000_000, 16);
        long bytes = index.memoryBytes();
        double perBlob = (double) bytes / index.blobs();
        System.out.printf("index memory: %d bytes for %d blobs in %d packs = %.1f bytes/blob%n", bytes, index.blobs(),
                index.packCount(), perBlob);
        assertThat(index.blobs()).isEqualTo(1_000_000);
        assertThat(perBlob).isLessThanOrEqualTo(64);
        for (int i = 0; i < 1_000_000; i += 997) {
            BlobIndex.Location location = index.locate(id(i));
            assertThat(location).isNotNull();
            assertThat(location.offset()).isEqualTo((long) (i % 16) * 1_000_028);
            assertThat(location.packId()).isEqualTo(packId(i / 16));
            assertThat(location.plainLength()).isEqualTo(1_000_000);
        }
        assertThat(index.contains(id(1_000_001))).isFalse();
    }

    @Test
    void a_blob_in_two_packs_is_counted_once_and_found_in_the_first() {
        BlobIndex index = new BlobIndex();
        index.addPack(packId(1), BlobType.TREE, 100, List.of(new PackEntry(BlobType.TREE, id(7), 0, 50, 80)));
        index.addPack(packId(2), BlobType.TREE, 100, List.of(new PackEntry(BlobType.TREE, id(7), 0, 60, 80),
                new PackEntry(BlobType.TREE, id(8), 60, 10, 3)));
        assertThat(index.addPack(packId(2), BlobType.TREE, 100, List.of())).isEqualTo(-1);
        assertThat(index.blobs()).isEqualTo(2);
        assertThat(index.packCount()).isEqualTo(2);
        assertThat(index.locate(id(7)).packId()).isEqualTo(packId(1));
        assertThat(index.locate(id(7)).type()).isEqualTo(BlobType.TREE);
        assertThat(index.packEntries(1)).hasSize(2);
        assertThat(index.entryOf(id(7))).isEqualTo(index.packFirstEntry(0));
    }

    @Test
    void lookups_run_concurrently_with_additions() throws Exception {
        BlobIndex index = new BlobIndex();
        fill(index, 0, 50_000, 100);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Long>> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            readers.add(pool.submit(() -> {
                long found = 0;
                Random random = new Random();
                while (writing.get()) {
                    int i = random.nextInt(50_000);
                    if (!index.contains(id(i))) {
                        throw new AssertionError("lost blob " + i);
                    }
                    found++;
                }
                return found;
            }));
        }
        fill(index, 50_000, 300_000, 100);
        writing.set(false);
        for (Future<Long> reader : readers) {
            assertThat(reader.get()).isPositive();
        }
        pool.shutdown();
        assertThat(index.blobs()).isEqualTo(350_000);
    }
}
