package io.shoebox.repository.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.shoebox.repository.BlobType;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.storage.local.internal.LocalStorage;

/**
 * Writer throughput on random 1 MiB blobs to a local folder, printed, not asserted. Run with
 * {@code -Dshoebox.bench=true -Dtest=RepositoryBenchmark}.
 */
@EnabledIfSystemProperty(named = "shoebox.bench", matches = "true")
class RepositoryBenchmark {

    @Test
    void writer_throughput_on_random_1_MiB_blobs() throws Exception {
        Path folder = Files.createTempDirectory("shoebox-bench");
        int blobs = Integer.getInteger("shoebox.bench.blobs", 1024);
        byte[] source = new byte[64 * 1024 * 1024];
        new Random(1).nextBytes(source);
        try (DefaultRepository repository = DefaultRepository.init(new LocalStorage(folder.resolve("repo"), true),
                "pw".toCharArray(), null, RepositoryFixture.fast().withPackSize(RepositoryOptions.DEFAULT_PACK_SIZE)
                        .withUploads(3, 2, 5, java.time.Duration.ofSeconds(1)), RepositoryFixture.SILENT)) {
            for (int round = 0; round < Integer.getInteger("shoebox.bench.rounds", 3); round++) {
                long start = System.nanoTime();
                try (RepositoryWriter writer = repository.writer()) {
                    for (int i = 0; i < blobs; i++) {
                        // distinct content per blob: a sliding window plus a counter
                        int offset = (i * 65_537 + round * 7919) % (source.length - (1 << 20));
                        source[offset] = (byte) i;
                        source[offset + 1] = (byte) (i >> 8);
                        source[offset + 2] = (byte) round;
                        writer.storeBlob(BlobType.DATA, source, offset, 1 << 20);
                        if (i % 256 == 255) {
                            System.out.printf("  %d blobs after %.2f s, %d packs uploaded%n", i + 1,
                                    (System.nanoTime() - start) / 1e9, writer.packsUploaded());
                        }
                    }
                    writer.flush();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("writer round %d: %d MiB in %.2f s = %.0f MB/s%n", round, blobs, seconds,
                        blobs * 1.048576 / seconds);
            }
            long start = System.nanoTime();
            try (DefaultRepository reopened = DefaultRepository.open(new LocalStorage(folder.resolve("repo"), true),
                    "pw".toCharArray(), null, RepositoryFixture.fast(), RepositoryFixture.SILENT)) {
                System.out.printf("open with %d blobs: %d ms%n", reopened.indexStats().blobs(),
                        (System.nanoTime() - start) / 1_000_000);
            }
        } finally {
            WriterTest.deleteTree(folder);
        }
    }
}
