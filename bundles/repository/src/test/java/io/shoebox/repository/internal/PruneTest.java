package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository.PruneResult;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.Tree;

class PruneTest extends RepositoryFixture {

    /** Photos 0..19 in snapshot "old", photos 10..29 in snapshot "new"; blobs interleave in packs. */
    record Library(String oldSnapshot, String newSnapshot, List<BlobId> photos) {
    }

    Library library(DefaultRepository repository) throws Exception {
        List<BlobId> ids = new ArrayList<>();
        try (RepositoryWriter writer = repository.writer()) {
            for (int i = 0; i < 30; i++) {
                byte[] photo = random(i, 40_000);
                ids.add(writer.storeBlob(BlobType.DATA, photo, 0, photo.length).id());
            }
            String old = writer.commit(snapshot(writer, ids.subList(0, 20), "old"));
            String fresh = writer.commit(snapshot(writer, ids.subList(10, 30), "new"));
            return new Library(old, fresh, ids);
        }
    }

    static Snapshot snapshot(RepositoryWriter writer, List<BlobId> photos, String name) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (BlobId id : photos) {
            nodes.add(Node.file(id.hex().substring(0, 8) + ".jpg", 40_000, null, 0, null, List.of(id), null));
        }
        BlobId album = writer.storeTree(new Tree(nodes));
        BlobId root = writer.storeTree(new Tree(List.of(Node.directory(name, null, 0755, album))));
        return new Snapshot(Instant.now(), "h", "s", "/", root, null, false, List.of(name), null);
    }

    void assertNewSnapshotIntact(DefaultRepository repository, Library library) throws Exception {
        for (int i = 10; i < 30; i++) {
            assertThat(repository.readBlob(library.photos().get(i))).isEqualTo(random(i, 40_000));
        }
        assertThat(repository.snapshot(library.newSnapshot())).isPresent();
        assertThat(repository.check(1.0, null).errors()).isEmpty();
    }

    @Test
    void prune_removes_data_no_snapshot_uses_and_keeps_what_is_used() throws Exception {
        Library library;
        try (DefaultRepository repository = init()) {
            library = library(repository);
            assertThat(repository.prune(null).packsDeleted()).isZero(); // everything is used
            repository.forget(library.oldSnapshot());
            long before = repository.indexStats().storedBytes();

            PruneResult result = repository.prune(null);

            assertThat(result.blobsRemoved()).isGreaterThanOrEqualTo(10);
            assertThat(result.bytesFreed()).isGreaterThan(10 * 40_000 - 40_000);
            assertThat(repository.indexStats().storedBytes()).isEqualTo(before - result.bytesFreed());
            for (int i = 0; i < 10; i++) {
                assertThat(repository.contains(library.photos().get(i))).isFalse();
            }
            assertNewSnapshotIntact(repository, library);
        }
        try (DefaultRepository reopened = open()) {
            assertNewSnapshotIntact(reopened, library);
            assertThat(reopened.contains(library.photos().get(0))).isFalse();
        }
    }

    @Test
    void a_thumbnail_is_kept_while_a_snapshot_refers_to_it_and_removed_with_its_last_snapshot() throws Exception {
        try (DefaultRepository repository = init()) {
            BlobId photo;
            BlobId thumbnail;
            String snapshot;
            try (RepositoryWriter writer = repository.writer()) {
                byte[] content = random(1, 40_000);
                byte[] preview = random(2, 3_000);
                photo = writer.storeBlob(BlobType.DATA, content, 0, content.length).id();
                thumbnail = writer.storeBlob(BlobType.DATA, preview, 0, preview.length).id();
                BlobId album = writer.storeTree(new Tree(List.of(
                        Node.file("IMG_0001.HEIC", 40_000, null, 0, null, List.of(photo), thumbnail, null))));
                snapshot = writer.commit(new Snapshot(Instant.now(), "h", "s", "/", album, null, false, List.of(), null));
            }

            repository.prune(null);
            assertThat(repository.readBlob(thumbnail)).isEqualTo(random(2, 3_000));
            assertThat(repository.check(1.0, null).errors()).isEmpty();

            repository.forget(snapshot);
            repository.prune(null);
            assertThat(repository.contains(thumbnail)).isFalse();
            assertThat(repository.contains(photo)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Pruner.Phase.class)
    void a_crash_at_any_point_of_prune_loses_nothing_that_is_used(Pruner.Phase crashPoint) throws Exception {
        Library library;
        try (DefaultRepository repository = init()) {
            library = library(repository);
            repository.forget(library.oldSnapshot());
            assertThatThrownBy(() -> repository.prune(null, crashPoint)).isInstanceOf(Pruner.SimulatedCrash.class);
        }
        try (DefaultRepository reopened = open()) {
            assertNewSnapshotIntact(reopened, library);
            reopened.prune(null); // a later prune finishes the job
            assertNewSnapshotIntact(reopened, library);
            for (int i = 0; i < 10; i++) {
                assertThat(reopened.contains(library.photos().get(i))).isFalse();
            }
        }
    }

    @Test
    void prune_needs_the_exclusive_lock() throws Exception {
        try (DefaultRepository repository = init(); DefaultRepository other = open()) {
            try (RepositoryLock shared = other.lock(false)) {
                assertThatThrownBy(() -> repository.prune(null)).isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RepositoryException.Reason.LOCKED));
            }
            try (RepositoryLock exclusive = repository.lock(true)) {
                repository.prune(null); // uses the lock this instance holds
            }
        }
    }
}
