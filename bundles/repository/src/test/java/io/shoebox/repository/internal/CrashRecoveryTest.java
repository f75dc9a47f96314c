package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.RepositoryWriter;

class CrashRecoveryTest extends RepositoryFixture {

    @Test
    void packs_uploaded_before_a_crash_are_adopted_at_the_next_open_so_a_backup_resumes_without_reuploading()
            throws Exception {
        List<BlobId> ids = new ArrayList<>();
        try (DefaultRepository repository = init()) {
            RepositoryWriter writer = repository.writer(); // abandoned: never flushed nor closed
            for (int i = 0; i < 30; i++) {
                byte[] blob = random(i, 60_000);
                ids.add(writer.storeBlob(BlobType.DATA, blob, 0, blob.length).id());
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (writer.packsUploaded() < 5 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(writer.packsUploaded()).isGreaterThanOrEqualTo(5);
            assertThat(indexFiles()).isEmpty();
        }

        try (DefaultRepository reopened = open()) {
            assertThat(indexFiles()).hasSize(1); // written for the adopted packs
            long present = ids.stream().filter(reopened::contains).count();
            assertThat(present).isGreaterThanOrEqualTo(5 * 4); // four 60 kB blobs per 256 KiB pack
            assertThat(present).isLessThan(ids.size()); // the pack being filled is lost
            for (BlobId id : ids) {
                if (reopened.contains(id)) {
                    assertThat(reopened.readBlob(id)).isEqualTo(random(ids.indexOf(id), 60_000));
                }
            }
            // resuming: only the missing blobs are uploaded again
            try (RepositoryWriter writer = reopened.writer()) {
                int added = 0;
                for (int i = 0; i < 30; i++) {
                    byte[] blob = random(i, 60_000);
                    if (writer.storeBlob(BlobType.DATA, blob, 0, blob.length).added()) {
                        added++;
                    }
                }
                writer.flush();
                assertThat(added).isEqualTo(ids.size() - present);
            }
            assertThat(reopened.check(1.0, null).ok()).isTrue();
        }
    }

    @Test
    void a_damaged_unindexed_pack_is_not_adopted_and_check_reports_it() throws Exception {
        try (DefaultRepository repository = init()) {
            RepositoryWriter writer = repository.writer();
            byte[] blob = random(1, 300_000); // bigger than a pack: uploaded on its own
            writer.storeBlob(BlobType.DATA, blob, 0, blob.length);
            byte[] next = random(2, 10);
            writer.storeBlob(BlobType.DATA, next, 0, next.length);
            long deadline = System.currentTimeMillis() + 10_000;
            while (writer.packsUploaded() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        }
        Path pack = packFiles().get(0);
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length - 10] ^= 0x40; // inside the header
        Files.delete(pack);
        Files.write(pack, bytes);
        try (DefaultRepository reopened = open()) {
            assertThat(reopened.indexStats().blobs()).isZero();
            var result = reopened.check(0, null);
            assertThat(result.ok()).isFalse();
            assertThat(result.damagedPacks()).containsExactly(pack.getFileName().toString());
        }
    }

    List<Path> indexFiles() throws Exception {
        Path index = root().resolve("index");
        if (!Files.isDirectory(index)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(index)) {
            return files.toList();
        }
    }

    List<Path> packFiles() throws Exception {
        try (Stream<Path> files = Files.walk(root().resolve("data"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
