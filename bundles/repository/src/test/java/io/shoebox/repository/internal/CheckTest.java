package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository.CheckResult;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.index.BlobIndex;

class CheckTest extends RepositoryFixture {

    List<BlobId> photos = new ArrayList<>();

    DefaultRepository repositoryWithOneSnapshot() throws Exception {
        DefaultRepository repository = init();
        try (RepositoryWriter writer = repository.writer()) {
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] photo = random(i, 50_000);
                BlobId id = writer.storeBlob(BlobType.DATA, photo, 0, photo.length).id();
                photos.add(id);
                nodes.add(Node.file("IMG_" + i + ".JPG", photo.length, Instant.now(), 0644, null, List.of(id), null));
            }
            BlobId tree = writer.storeTree(new Tree(nodes));
            writer.commit(new Snapshot(Instant.now(), "h", "camera", "/dcim", tree, null, false, null, null));
        }
        return repository;
    }

    @Test
    void a_healthy_repository_passes_structure_and_full_read() throws Exception {
        try (DefaultRepository repository = repositoryWithOneSnapshot()) {
            CheckResult result = repository.check(1.0, null);
            assertThat(result.errors()).isEmpty();
            assertThat(result.ok()).isTrue();
            assertThat(result.packsRead()).isEqualTo(repository.indexStats().packs());
        }
    }

    @Test
    void a_flipped_byte_in_a_pack_is_found_by_reading_and_names_the_pack_and_the_blob() throws Exception {
        try (DefaultRepository repository = repositoryWithOneSnapshot()) {
            BlobId victim = photos.get(5);
            BlobIndex.Location location = repository.index().locate(victim);
            Path pack = root().resolve(DefaultRepository.packKey(location.packHex()));
            byte[] bytes = Files.readAllBytes(pack);
            bytes[(int) location.offset() + 100] ^= 0x01;
            Files.delete(pack);
            Files.write(pack, bytes);

            assertThat(repository.check(0, null).ok()).isTrue(); // structure alone cannot see it
            CheckResult result = repository.check(1.0, null);
            assertThat(result.ok()).isFalse();
            assertThat(result.damagedPacks()).containsExactly(location.packHex());
            assertThat(result.damagedBlobs()).containsExactly(victim);
            assertThat(result.errors()).anySatisfy(error -> assertThat(error).contains(location.packHex()));
        }
    }

    @Test
    void a_missing_pack_is_found_by_the_structure_check_with_all_its_blobs() throws Exception {
        try (DefaultRepository repository = repositoryWithOneSnapshot()) {
            BlobIndex.Location location = repository.index().locate(photos.get(0));
            Files.delete(root().resolve(DefaultRepository.packKey(location.packHex())));
            CheckResult result = repository.check(0, null);
            assertThat(result.ok()).isFalse();
            assertThat(result.damagedPacks()).containsExactly(location.packHex());
            int pack = repository.index().packNumber(location.packHex());
            assertThat(result.damagedBlobs()).contains(photos.get(0))
                    .hasSize(repository.index().packEntries(pack).length);
            assertThat(result.errors()).anySatisfy(error -> assertThat(error).contains("missing"));
        }
    }

    @Test
    void a_snapshot_referencing_unindexed_data_is_reported() throws Exception {
        try (DefaultRepository repository = init(); RepositoryWriter writer = repository.writer()) {
            BlobId ghost = BlobId.of(random(99, 32));
            BlobId tree = writer.storeTree(new Tree(List.of(Node.file("ghost.jpg", 1, null, 0, null, List.of(ghost), null))));
            writer.commit(new Snapshot(Instant.now(), "h", "s", "/", tree, null, false, null, null));
            CheckResult result = repository.check(0, null);
            assertThat(result.damagedBlobs()).containsExactly(ghost);
            assertThat(result.errors()).singleElement().asString().contains("ghost.jpg");
        }
    }
}
