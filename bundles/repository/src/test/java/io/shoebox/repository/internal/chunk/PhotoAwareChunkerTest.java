package io.shoebox.repository.internal.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.Chunker;

/** Content-defined chunking of data without format structure: plain keyed FastCDC. */
class PhotoAwareChunkerTest {

    static final byte[] SEED = seed(1);
    static final ChunkerParams SMALL = new ChunkerParams(4 << 10, 16 << 10, 64 << 10);

    static byte[] seed(int n) {
        byte[] s = new byte[32];
        new Random(n).nextBytes(s);
        return s;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void defaultsAre512KiB1MiB4MiBWithMediaDataCutAtFixedIntervals() {
        assertThat(ChunkerParams.defaults()).isEqualTo(new ChunkerParams(512 << 10, 1 << 20, 4 << 20, true));
    }

    @Test
    void rejectsInconsistentSizesAndShortSeeds() {
        assertThatThrownBy(() -> new ChunkerParams(1024, 512, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkerParams(16, 512, 4096)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PhotoAwareChunker(new byte[8], SMALL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunksConcatenateToTheInput() {
        byte[] data = random(3_000_000, 7);
        Chunks chunks = Chunks.of(new PhotoAwareChunker(SEED, SMALL), data);
        assertThat(chunks.concatenated()).isEqualTo(data);
        assertThat(chunks.count()).isGreaterThan(50);
    }

    @Test
    void isDeterministic() {
        byte[] data = random(2_000_000, 8);
        assertThat(Chunks.of(new PhotoAwareChunker(SEED, SMALL), data).boundaries())
                .isEqualTo(Chunks.of(new PhotoAwareChunker(SEED.clone(), SMALL), data).boundaries());
    }

    @Test
    void everyChunkButTheLastIsBetweenMinAndMax() {
        byte[] data = random(6_000_000, 9);
        List<Integer> sizes = Chunks.of(new PhotoAwareChunker(SEED, SMALL), data).sizes();
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(s -> assertThat(s).isBetween(4 << 10, 64 << 10));
        assertThat(sizes.get(sizes.size() - 1)).isBetween(1, 64 << 10);
    }

    @Test
    void aRunOfEqualBytesIsCutAtTheMaximum() {
        byte[] zeros = new byte[300 << 10];
        List<Integer> sizes = Chunks.of(new PhotoAwareChunker(SEED, SMALL), zeros).sizes();
        assertThat(sizes.subList(0, sizes.size() - 1)).allSatisfy(s -> assertThat(s).isEqualTo(64 << 10));
    }

    @Test
    void aFileSmallerThanTheMinimumIsOneChunkAndAnEmptyFileNone() {
        assertThat(Chunks.of(new PhotoAwareChunker(SEED, SMALL), random(4000, 1)).sizes()).containsExactly(4000);
        assertThat(Chunks.of(new PhotoAwareChunker(SEED, SMALL), new byte[0]).count()).isZero();
    }

    @Test
    void theDefaultsGiveChunksOfAboutOneMiB() {
        byte[] data = random(64 << 20, 10);
        Chunks chunks = Chunks.of(new PhotoAwareChunker(SEED, ChunkerParams.defaults()), data);
        double mean = (double) data.length / chunks.count();
        System.out.printf("defaults on 64 MiB of random data: %d chunks, mean %.0f KiB%n", chunks.count(), mean / 1024);
        assertThat(mean).isBetween(700.0 * 1024, 1600.0 * 1024);
    }

    @Test
    void differentSeedsCutDifferentBoundaries() {
        byte[] data = random(2_000_000, 11);
        List<Long> a = Chunks.of(new PhotoAwareChunker(seed(1), SMALL), data).boundaries();
        List<Long> b = Chunks.of(new PhotoAwareChunker(seed(2), SMALL), data).boundaries();
        List<Long> common = new ArrayList<>(a);
        common.retainAll(b);
        assertThat(common.size()).as("boundaries shared by two seeds").isLessThan(a.size() / 10 + 2);
    }

    @Test
    void anInsertionChangesOnlyTheChunksNearIt() {
        byte[] before = random(8_000_000, 12);
        int at = 4_000_000;
        byte[] inserted = random(100, 13);
        byte[] after = new byte[before.length + inserted.length];
        System.arraycopy(before, 0, after, 0, at);
        System.arraycopy(inserted, 0, after, at, inserted.length);
        System.arraycopy(before, at, after, at + inserted.length, before.length - at);

        PhotoAwareChunker chunker = new PhotoAwareChunker(SEED, SMALL);
        Chunks old = Chunks.of(chunker, before);
        Chunks edited = Chunks.of(chunker, after);

        long changed = edited.bytesNotIn(old);
        assertThat(changed).as("new bytes after a 100-byte insertion").isLessThanOrEqualTo(3 * 64 << 10);
        assertThat(edited.count() - old.count()).isBetween(-2, 2);
        // the boundaries before the insertion are untouched, those after it are shifted by 100
        assertThat(edited.boundaries().stream().filter(b -> b < at).toList())
                .isEqualTo(old.boundaries().stream().filter(b -> b < at).toList());
        assertThat(edited.boundaries().stream().filter(b -> b > at + 200_000).toList())
                .isEqualTo(old.boundaries().stream().filter(b -> b > at + 200_000 - 100).map(b -> b + 100).toList());
    }

    @Test
    void theWayTheStreamDeliversBytesDoesNotMatter() {
        byte[] data = random(5_000_000, 14);
        PhotoAwareChunker chunker = new PhotoAwareChunker(SEED, SMALL);
        Chunks whole = Chunks.of(chunker, data);
        Chunks trickled = Chunks.of(chunker, new TrickleStream(data, 1 + 4099));
        assertThat(trickled.boundaries()).isEqualTo(whole.boundaries());
        assertThat(trickled.concatenated()).isEqualTo(data);
    }

    @Test
    void streamErrorsPropagate() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        assertThatThrownBy(() -> new PhotoAwareChunker(SEED, SMALL).split(failing, "x", (b, o, l) -> { }))
                .isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        PhotoAwareChunker chunker = new PhotoAwareChunker(SEED, SMALL);
        byte[][] inputs = new byte[8][];
        List<List<Long>> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs[i] = random(1_000_000 + i * 12345, 100 + i);
            expected.add(Chunks.of(chunker, inputs[i]).boundaries());
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int r = 0; r < 5; r++) {
                        for (int i = 0; i < 8; i++) {
                            assertThat(Chunks.of(chunker, inputs[i]).boundaries()).isEqualTo(expected.get(i));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    /** Not an assertion: prints the chunking throughput on this machine. */
    @Test
    void printsThroughput() throws IOException {
        byte[] data = random(128 << 20, 15);
        Chunker chunker = new PhotoAwareChunker(SEED, ChunkerParams.defaults());
        long[] bytes = new long[1];
        double best = 0;
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            chunker.split(new ByteArrayInputStream(data), "random.bin", (b, o, l) -> bytes[0] += l);
            best = Math.max(best, data.length / 1e6 / ((System.nanoTime() - start) / 1e9));
        }
        System.out.printf("chunking throughput (defaults, 128 MiB in memory, best of 6): %.0f MB/s%n", best);
        assertThat(bytes[0]).isEqualTo(6L * data.length);
    }

    /** Returns at most {@code step} bytes per read, varying, like a slow socket. */
    static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final int step;
        private int pos;
        private int call;

        TrickleStream(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - pos), 1 + (call++ * 7919) % step);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
