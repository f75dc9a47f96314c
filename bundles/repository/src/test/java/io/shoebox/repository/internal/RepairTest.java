package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository.RepairOptions;
import io.shoebox.repository.Repository.RepairResult;
import io.shoebox.repository.Repository.RewrittenSnapshot;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.index.BlobIndex;

class RepairTest extends RepositoryFixture {

    static final int PHOTOS = 15;
    static final int PHOTO_SIZE = 50_000; // five to a 256 KiB pack
    static final Instant TIME_A = Instant.parse("2024-05-01T03:00:00Z");
    static final Instant TIME_B = Instant.parse("2024-05-02T03:00:00Z");
    static final RepairOptions HEADERS_ONLY = new RepairOptions(false, false);
    static final RepairOptions READ_DATA = new RepairOptions(true, false);
    static final RepairOptions READ_DATA_AND_REWRITE = new RepairOptions(true, true);

    final List<BlobId> photos = new ArrayList<>();
    BlobId thumbnail;
    String snapshotA;
    String snapshotB;

    /**
     * Snapshot "a" holds photos 0..4 in 2023/summer; snapshot "b" holds photos 5..14 in 2024/summer and
     * IMG_T.HEIC, whose content is photo 14 and which has a thumbnail.
     */
    DefaultRepository library() throws Exception {
        DefaultRepository repository = init();
        try (RepositoryWriter writer = repository.writer()) {
            for (int i = 0; i < PHOTOS; i++) {
                photos.add(writer.storeBlob(BlobType.DATA, photo(i), 0, PHOTO_SIZE).id());
            }
            byte[] preview = random(1000, 3_000);
            thumbnail = writer.storeBlob(BlobType.DATA, preview, 0, preview.length).id();
            snapshotA = writer.commit(snapshot(writer, "2023", 0, 5, TIME_A, List.of()));
            snapshotB = writer.commit(snapshot(writer, "2024", 5, 15, TIME_B,
                    List.of(Node.file("IMG_T.HEIC", PHOTO_SIZE, TIME_B, 0644, null, List.of(photos.get(14)), thumbnail,
                            Map.of("mediaType", "image/heic")))));
        }
        return repository;
    }

    Snapshot snapshot(RepositoryWriter writer, String year, int from, int to, Instant time, List<Node> more)
            throws Exception {
        List<Node> files = new ArrayList<>(more);
        for (int i = from; i < to; i++) {
            files.add(Node.file(name(i), PHOTO_SIZE, time, 0644, "inode:" + i, List.of(photos.get(i)), null));
        }
        BlobId summer = writer.storeTree(new Tree(files));
        BlobId folder = writer.storeTree(new Tree(List.of(Node.directory("summer", time, 0755, summer))));
        BlobId root = writer.storeTree(new Tree(List.of(Node.directory(year, time, 0755, folder))));
        return new Snapshot(time, "nas", "camera", "/dcim", root, null, false, List.of("daily"),
                Map.of("files", (long) files.size()));
    }

    static String name(int photo) {
        return "IMG_" + photo + ".JPG";
    }

    static byte[] photo(int i) {
        return random(i, PHOTO_SIZE);
    }

    // ---------------------------------------------------------------- damaged data

    @Test
    void a_flipped_byte_in_a_blob_is_dropped_and_a_new_backup_stores_it_again() throws Exception {
        try (DefaultRepository repository = library()) {
            BlobId victim = photos.get(6);
            String pack = packOf(repository, victim);
            List<BlobId> packMates = blobsOf(repository, pack);
            flipByte(packFile(pack), repository.index().locate(victim).offset() + 100);
            long packs = repository.indexStats().packs();

            RepairResult result = repository.repair(READ_DATA, null);

            assertThat(result.packsRead()).isEqualTo(packs);
            assertThat(result.damagedPacks()).containsExactly(pack);
            assertThat(result.blobsDropped()).containsExactly(victim);
            assertThat(result.blobsSalvaged()).isEqualTo(packMates.size() - 1);
            assertThat(packProblems(result)).singleElement().asString().contains(pack)
                    .contains((packMates.size() - 1) + " of " + packMates.size() + " blobs copied to a new pack")
                    .contains("1 lost");
            assertThat(result.nothingFound()).isFalse();
            assertThat(packFile(pack)).doesNotExist();
            assertThat(repository.contains(victim)).isFalse();
            for (BlobId mate : packMates) {
                if (!mate.equals(victim)) {
                    assertThat(repository.readBlob(mate)).isEqualTo(content(mate));
                }
            }
            assertThat(repository.check(1.0, null).damagedBlobs()).containsExactly(victim); // b still refers to it

            assertThat(storeAllAgain(repository)).containsExactly(victim);
            assertThat(repository.check(1.0, null).errors()).isEmpty();
        }
        try (DefaultRepository reopened = open()) {
            assertThat(reopened.readBlob(photos.get(6))).isEqualTo(photo(6));
            assertThat(reopened.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void packs_too_large_to_hold_in_memory_are_read_blob_by_blob_with_the_same_outcome() throws Exception {
        try (DefaultRepository repository = library()) {
            BlobId victim = photos.get(6);
            String pack = packOf(repository, victim);
            List<BlobId> packMates = blobsOf(repository, pack);
            flipByte(packFile(pack), repository.index().locate(victim).offset() + 100);
            long packs = repository.indexStats().packs();

            RepairResult result;
            try (RepositoryLock lock = repository.lock(true)) {
                result = new Repairer(repository, repository.heldExclusive().orElseThrow(), READ_DATA, null, null, 1)
                        .run(); // every pack is "over the limit"
            }

            assertThat(result.packsRead()).isEqualTo(packs);
            assertThat(result.damagedPacks()).containsExactly(pack);
            assertThat(result.blobsDropped()).containsExactly(victim);
            assertThat(result.blobsSalvaged()).isEqualTo(packMates.size() - 1);
            assertThat(storeAllAgain(repository)).containsExactly(victim);
            assertThat(repository.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void without_repair_a_backup_would_not_store_a_damaged_blob_again() throws Exception {
        try (DefaultRepository repository = library()) {
            BlobId victim = photos.get(6);
            flipByte(packFile(packOf(repository, victim)), repository.index().locate(victim).offset() + 100);
            assertThat(storeAllAgain(repository)).isEmpty(); // why repair exists: the index still claims it
            assertThat(repository.check(1.0, null).damagedBlobs()).containsExactly(victim);
        }
    }

    @Test
    void a_truncated_pack_keeps_the_blobs_before_the_cut_found_through_the_old_index() throws Exception {
        try (DefaultRepository repository = library()) {
            String pack = packOf(repository, photos.get(0));
            PackEntry[] entries = entries(repository, pack);
            PackEntry cut = entries[entries.length - 2];
            Path file = packFile(pack);
            byte[] bytes = Files.readAllBytes(file);
            long missing = bytes.length - (cut.offset() + 10);
            Files.delete(file);
            Files.write(file, Arrays.copyOf(bytes, (int) (cut.offset() + 10)));

            RepairResult result = repository.repair(HEADERS_ONLY, null);

            List<BlobId> beforeTheCut = Arrays.stream(entries).limit(entries.length - 2).map(PackEntry::id).toList();
            List<BlobId> atOrAfterTheCut = Arrays.stream(entries).skip(entries.length - 2).map(PackEntry::id).toList();
            assertThat(result.damagedPacks()).containsExactly(pack);
            assertThat(result.blobsDropped()).containsExactlyInAnyOrderElementsOf(atOrAfterTheCut);
            assertThat(result.blobsSalvaged()).isEqualTo(beforeTheCut.size());
            assertThat(result.packsRead()).isEqualTo(1); // only the damaged pack: the others by their headers
            assertThat(packProblems(result)).singleElement().asString()
                    .contains("pack " + pack + " is truncated (" + Repairer.bytes(missing) + " of "
                            + Repairer.bytes(bytes.length) + " missing)")
                    .contains("(found through the index)");
            for (BlobId blob : beforeTheCut) {
                assertThat(repository.readBlob(blob)).isEqualTo(content(blob));
            }
            atOrAfterTheCut.forEach(blob -> assertThat(repository.contains(blob)).isFalse());
            assertThat(packFile(pack)).doesNotExist();
        }
    }

    @Test
    void a_deleted_pack_loses_its_blobs_and_nothing_else() throws Exception {
        try (DefaultRepository repository = library()) {
            String pack = packOf(repository, photos.get(6));
            List<BlobId> lost = blobsOf(repository, pack);
            Files.delete(packFile(pack));

            RepairResult result = repository.repair(HEADERS_ONLY, null);

            assertThat(result.damagedPacks()).containsExactly(pack);
            assertThat(result.blobsDropped()).containsExactlyInAnyOrderElementsOf(lost);
            assertThat(result.blobsSalvaged()).isZero();
            assertThat(packProblems(result)).singleElement().asString()
                    .contains("pack " + pack + " is missing from the storage: " + lost.size() + " of its " + lost.size());
            for (BlobId photo : photos) {
                assertThat(repository.contains(photo)).isEqualTo(!lost.contains(photo));
            }
            assertThat(storeAllAgain(repository)).containsExactlyInAnyOrderElementsOf(lost);
            assertThat(repository.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void a_pack_whose_header_is_damaged_has_every_blob_copied_out_through_the_old_index() throws Exception {
        try (DefaultRepository repository = library()) {
            String pack = packOf(repository, photos.get(6));
            List<BlobId> blobs = blobsOf(repository, pack);
            Path file = packFile(pack);
            flipByte(file, Files.size(file) - 10);

            RepairResult result = repository.repair(HEADERS_ONLY, null);

            assertThat(result.damagedPacks()).containsExactly(pack);
            assertThat(result.blobsDropped()).isEmpty();
            assertThat(result.blobsSalvaged()).isEqualTo(blobs.size());
            assertThat(result.problems()).singleElement().asString().contains("has a header that cannot be opened")
                    .contains(blobs.size() + " of " + blobs.size() + " blobs (found through the index) copied");
            assertThat(file).doesNotExist();
            assertThat(repository.check(1.0, null).errors()).isEmpty(); // without storing anything again
        }
        try (DefaultRepository reopened = open()) {
            for (int i = 0; i < PHOTOS; i++) {
                assertThat(reopened.readBlob(photos.get(i))).isEqualTo(photo(i));
            }
        }
    }

    @Test
    void an_unindexed_pack_whose_header_is_damaged_is_removed_without_touching_the_index() throws Exception {
        try (DefaultRepository repository = library()) {
            List<Path> indexBefore = files("index");
            RepositoryWriter abandoned = repository.writer(); // stops before writing its index
            byte[] big = random(3000, 300_000); // larger than a pack: uploaded at once, on its own
            BlobId orphan = abandoned.storeBlob(BlobType.DATA, big, 0, big.length).id();
            byte[] next = random(3001, 10); // starts another pack, which sends the full one off
            abandoned.storeBlob(BlobType.DATA, next, 0, next.length);
            long deadline = System.currentTimeMillis() + 10_000;
            while (abandoned.packsUploaded() < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            String pack = packOf(repository, orphan);
            flipByte(packFile(pack), Files.size(packFile(pack)) - 10);

            RepairResult result = repository.repair(HEADERS_ONLY, null);

            assertThat(result.damagedPacks()).containsExactly(pack);
            assertThat(result.blobsDropped()).isEmpty(); // no index knew it
            assertThat(result.indexFilesWritten()).isZero();
            assertThat(result.indexFilesRemoved()).isZero();
            assertThat(result.problems()).singleElement().asString().contains("nothing in it can be found");
            assertThat(packFile(pack)).doesNotExist();
            assertThat(files("index")).containsExactlyInAnyOrderElementsOf(indexBefore);
            assertThat(repository.check(1.0, null).errors()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- damaged index

    @Test
    void an_index_whose_files_were_all_deleted_is_rebuilt_from_the_pack_headers_without_loss() throws Exception {
        try (DefaultRepository repository = library()) {
            for (Path file : files("index")) {
                Files.delete(file);
            }

            RepairResult result = repository.repair(HEADERS_ONLY, null);

            assertThat(result.damagedPacks()).isEmpty();
            assertThat(result.blobsDropped()).isEmpty();
            assertThat(result.indexFilesWritten()).isEqualTo(1);
            assertThat(result.problems()).singleElement().asString().contains("no index file listed");
            assertThat(files("index")).hasSize(1);
        }
        try (DefaultRepository reopened = open()) {
            for (int i = 0; i < PHOTOS; i++) {
                assertThat(reopened.readBlob(photos.get(i))).isEqualTo(photo(i));
            }
            assertThat(reopened.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void a_damaged_index_file_is_replaced_by_an_index_rebuilt_from_the_pack_headers() throws Exception {
        try (DefaultRepository repository = library()) {
            List<Path> before = files("index");
            assertThat(before).hasSizeGreaterThan(1); // one per commit
            Path damaged = before.get(0);
            flipByte(damaged, 40);

            RepairResult result = repository.repair(HEADERS_ONLY, null);

            assertThat(result.problems()).anySatisfy(problem -> assertThat(problem)
                    .contains("index file " + damaged.getFileName() + " cannot be opened"));
            assertThat(result.blobsDropped()).isEmpty();
            assertThat(result.damagedPacks()).isEmpty();
            assertThat(result.indexFilesRemoved()).isEqualTo(before.size());
            assertThat(result.indexFilesWritten()).isEqualTo(1);
            assertThat(files("index")).hasSize(1).doesNotContainAnyElementsOf(before);
        }
        try (DefaultRepository reopened = open()) {
            for (int i = 0; i < PHOTOS; i++) {
                assertThat(reopened.readBlob(photos.get(i))).isEqualTo(photo(i));
            }
            assertThat(reopened.check(1.0, null).errors()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Test
    void rewriting_snapshots_replaces_exactly_the_affected_ones_and_records_what_was_lost() throws Exception {
        try (DefaultRepository repository = library()) {
            Snapshot originalA = repository.loadSnapshot(snapshotA);
            BlobId victim = photos.get(2);
            flipByte(packFile(packOf(repository, victim)), repository.index().locate(victim).offset() + 100);

            RepairResult result = repository.repair(READ_DATA_AND_REWRITE, null);

            assertThat(result.blobsDropped()).containsExactly(victim);
            assertThat(result.snapshotsRewritten()).hasSize(1);
            RewrittenSnapshot rewritten = result.snapshotsRewritten().get(0);
            assertThat(rewritten.original()).isEqualTo(snapshotA);
            assertThat(rewritten.filesLost()).isEqualTo(1);
            assertThat(rewritten.lostFiles()).containsExactly("2023/summer/IMG_2.JPG");
            assertThat(result.snapshotsRemoved()).isEmpty();

            assertThat(repository.snapshots()).extracting(SnapshotRef::id)
                    .containsExactlyInAnyOrder(rewritten.replacement(), snapshotB);
            Snapshot replacement = repository.loadSnapshot(rewritten.replacement());
            assertThat(replacement.time()).isEqualTo(originalA.time());
            assertThat(replacement.hostname()).isEqualTo(originalA.hostname());
            assertThat(replacement.source()).isEqualTo(originalA.source());
            assertThat(replacement.sourcePath()).isEqualTo(originalA.sourcePath());
            assertThat(replacement.parent()).isEqualTo(originalA.parent());
            assertThat(replacement.checkpoint()).isEqualTo(originalA.checkpoint());
            assertThat(replacement.copyOf()).isEqualTo(originalA.copyOf());
            assertThat(replacement.tags()).containsExactly("daily", "repaired");
            assertThat(replacement.stats()).containsEntry("files", 5L).containsEntry("filesLost", 1L);
            assertThat(replacement.repaired().snapshot()).isEqualTo(snapshotA);
            assertThat(replacement.repaired().filesLost()).isEqualTo(1);
            assertThat(replacement.repaired().time()).isAfter(TIME_B);

            assertThat(fileNames(repository, replacement, "2023", "summer"))
                    .containsExactly(name(0), name(1), name(3), name(4));
            assertThat(repository.check(1.0, null).errors()).isEmpty(); // without storing anything again
        }
    }

    @Test
    void without_rewriting_snapshots_are_left_alone_and_named_among_the_problems() throws Exception {
        try (DefaultRepository repository = library()) {
            BlobId victim = photos.get(2);
            flipByte(packFile(packOf(repository, victim)), repository.index().locate(victim).offset() + 100);

            RepairResult result = repository.repair(READ_DATA, null);

            assertThat(result.snapshotsRewritten()).isEmpty();
            assertThat(repository.snapshots()).extracting(SnapshotRef::id).containsExactly(snapshotA, snapshotB);
            assertThat(result.problems()).anySatisfy(problem -> assertThat(problem).contains("snapshot " + snapshotA)
                    .contains("1 file(s) or folder(s), such as '2023/summer/IMG_2.JPG'"));
        }
    }

    @Test
    void a_file_that_lost_only_its_thumbnail_keeps_its_content_and_loses_the_thumbnail() throws Exception {
        try (DefaultRepository repository = library()) {
            flipByte(packFile(packOf(repository, thumbnail)), repository.index().locate(thumbnail).offset() + 100);

            RepairResult result = repository.repair(READ_DATA_AND_REWRITE, null);

            assertThat(result.blobsDropped()).containsExactly(thumbnail);
            assertThat(result.snapshotsRewritten()).hasSize(1);
            RewrittenSnapshot rewritten = result.snapshotsRewritten().get(0);
            assertThat(rewritten.original()).isEqualTo(snapshotB);
            assertThat(rewritten.filesLost()).isZero();
            Snapshot replacement = repository.loadSnapshot(rewritten.replacement());
            Node heic = repository.readTree(subtree(repository, replacement, "2024", "summer")).find("IMG_T.HEIC")
                    .orElseThrow();
            assertThat(heic.thumbnail()).isNull();
            assertThat(heic.content()).containsExactly(photos.get(14));
            assertThat(heic.metadata()).containsEntry("mediaType", "image/heic");
            assertThat(heic.mode()).isEqualTo(0644);
            assertThat(result.problems()).anySatisfy(problem -> assertThat(problem).contains("1 thumbnail(s)"));
            assertThat(repository.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void a_folder_whose_listing_is_lost_stays_as_an_empty_folder() throws Exception {
        try (DefaultRepository repository = library()) {
            Snapshot a = repository.loadSnapshot(snapshotA);
            BlobId summer = subtree(repository, a, "2023", "summer");
            BlobIndex.Location location = repository.index().locate(summer);
            flipByte(packFile(location.packHex()), location.offset() + location.length() / 2);

            RepairResult result = repository.repair(READ_DATA_AND_REWRITE, null);

            assertThat(result.blobsDropped()).containsExactly(summer);
            assertThat(result.snapshotsRewritten()).hasSize(1);
            RewrittenSnapshot rewritten = result.snapshotsRewritten().get(0);
            assertThat(rewritten.original()).isEqualTo(snapshotA);
            assertThat(rewritten.lostFiles()).containsExactly("2023/summer/");
            Snapshot replacement = repository.loadSnapshot(rewritten.replacement());
            Node folder = repository.readTree(subtree(repository, replacement, "2023")).find("summer").orElseThrow();
            assertThat(folder.isDirectory()).isTrue();
            assertThat(folder.mode()).isEqualTo(0755);
            assertThat(repository.readTree(folder.subtree()).nodes()).isEmpty();
            assertThat(repository.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void a_snapshot_object_that_cannot_be_opened_is_removed_only_when_rewriting() throws Exception {
        try (DefaultRepository repository = library()) {
            flipByte(root().resolve(DefaultRepository.SNAPSHOTS + snapshotA), 30);

            RepairResult kept = repository.repair(HEADERS_ONLY, null);
            assertThat(kept.snapshotsRemoved()).isEmpty();
            assertThat(kept.problems()).singleElement().asString().contains("snapshot " + snapshotA)
                    .contains("cannot be opened");
            assertThat(root().resolve(DefaultRepository.SNAPSHOTS + snapshotA)).exists();

            RepairResult removed = repository.repair(new RepairOptions(false, true), null);
            assertThat(removed.snapshotsRemoved()).containsExactly(snapshotA);
            assertThat(root().resolve(DefaultRepository.SNAPSHOTS + snapshotA)).doesNotExist();
            assertThat(repository.check(0, null).errors()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- crashes and idempotence

    @ParameterizedTest
    @EnumSource(Repairer.Phase.class)
    void a_crash_at_any_point_of_repair_loses_no_intact_blob_and_a_second_repair_finishes_the_job(
            Repairer.Phase crashPoint) throws Exception {
        BlobId victim;
        String damagedPack;
        try (DefaultRepository repository = library()) {
            victim = photos.get(6);
            damagedPack = packOf(repository, victim);
            flipByte(packFile(damagedPack), repository.index().locate(victim).offset() + 100);
            assertThatThrownBy(() -> repository.repair(READ_DATA_AND_REWRITE, null, crashPoint))
                    .isInstanceOf(Repairer.SimulatedCrash.class);
        }
        try (DefaultRepository reopened = open()) {
            assertIntactPhotosReadable(reopened);

            RepairResult second = reopened.repair(READ_DATA_AND_REWRITE, null);

            assertThat(second.snapshotsRewritten()).extracting(RewrittenSnapshot::original).containsExactly(snapshotB);
            assertIntactPhotosReadable(reopened);
            assertThat(reopened.contains(victim)).isFalse();
            assertThat(packFile(damagedPack)).doesNotExist();
            assertThat(reopened.check(1.0, null).errors()).isEmpty();
            List<SnapshotRef> snapshots = reopened.snapshots();
            assertThat(snapshots).hasSize(2);
            assertThat(snapshots.get(0).id()).isEqualTo(snapshotA);
            assertThat(snapshots.get(1).snapshot().repaired().snapshot()).isEqualTo(snapshotB);
            assertThat(reopened.repair(READ_DATA_AND_REWRITE, null).nothingFound()).isTrue();
        }
    }

    @Test
    void a_crash_after_the_old_index_is_deleted_does_not_let_the_damaged_pack_be_adopted_again() throws Exception {
        BlobId victim;
        String damagedPack;
        try (DefaultRepository repository = library()) {
            victim = photos.get(6);
            damagedPack = packOf(repository, victim);
            flipByte(packFile(damagedPack), repository.index().locate(victim).offset() + 100);
            assertThatThrownBy(() -> repository.repair(READ_DATA, null, Repairer.Phase.OLD_INDEX_DELETED))
                    .isInstanceOf(Repairer.SimulatedCrash.class);
        }
        assertThat(packFile(damagedPack)).exists();
        try (DefaultRepository reopened = open()) { // opening adopts packs no index lists
            assertThat(reopened.contains(victim)).isFalse();
            try (RepositoryWriter writer = reopened.writer()) {
                assertThat(writer.storeBlob(BlobType.DATA, photo(6), 0, PHOTO_SIZE).added()).isTrue();
                writer.flush();
            }
            assertThat(reopened.check(0, null).errors()).anySatisfy(error -> assertThat(error)
                    .contains(damagedPack).contains("run repair again"));

            reopened.repair(HEADERS_ONLY, null);

            assertThat(packFile(damagedPack)).doesNotExist();
            assertThat(reopened.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void repair_on_a_sound_repository_finds_nothing_and_changes_nothing() throws Exception {
        try (DefaultRepository repository = library()) {
            Map<String, Long> before = objects();
            List<long[]> progress = new ArrayList<>();

            RepairResult result = repository.repair(READ_DATA_AND_REWRITE, (done, total) -> progress.add(
                    new long[] {done, total}));

            assertThat(result.nothingFound()).isTrue();
            assertThat(result.problems()).isEmpty();
            assertThat(result.indexFilesWritten()).isZero();
            assertThat(result.indexFilesRemoved()).isZero();
            assertThat(result.packsRead()).isEqualTo(repository.indexStats().packs());
            assertThat(objects()).isEqualTo(before);
            assertThat(progress.get(progress.size() - 1)).containsExactly(before.keySet().stream()
                    .filter(key -> key.startsWith("data/")).count(), before.keySet().stream()
                    .filter(key -> key.startsWith("data/")).count());
            assertThat(repository.repair(HEADERS_ONLY, null).nothingFound()).isTrue();
            assertThat(objects()).isEqualTo(before);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The problems about packs; the others are about snapshots. */
    static List<String> packProblems(RepairResult result) {
        return result.problems().stream().filter(problem -> problem.startsWith("pack ")).toList();
    }

    void assertIntactPhotosReadable(DefaultRepository repository) throws Exception {
        for (int i = 0; i < PHOTOS; i++) {
            if (i != 6) {
                assertThat(repository.readBlob(photos.get(i))).as("photo %d", i).isEqualTo(photo(i));
            }
        }
    }

    /** Stores every photo and the thumbnail again, as a backup of the unchanged originals would; returns those added. */
    List<BlobId> storeAllAgain(DefaultRepository repository) throws Exception {
        List<BlobId> added = new ArrayList<>();
        try (RepositoryWriter writer = repository.writer()) {
            for (int i = 0; i < PHOTOS; i++) {
                RepositoryWriter.Stored stored = writer.storeBlob(BlobType.DATA, photo(i), 0, PHOTO_SIZE);
                if (stored.added()) {
                    added.add(stored.id());
                }
            }
            byte[] preview = random(1000, 3_000);
            RepositoryWriter.Stored stored = writer.storeBlob(BlobType.DATA, preview, 0, preview.length);
            if (stored.added()) {
                added.add(stored.id());
            }
            writer.flush();
        }
        return added;
    }

    byte[] content(BlobId blob) {
        int photo = photos.indexOf(blob);
        return photo >= 0 ? photo(photo) : random(1000, 3_000);
    }

    static String packOf(DefaultRepository repository, BlobId blob) {
        return repository.index().locate(blob).packHex();
    }

    static PackEntry[] entries(DefaultRepository repository, String pack) {
        return repository.index().packEntries(repository.index().packNumber(pack));
    }

    static List<BlobId> blobsOf(DefaultRepository repository, String pack) {
        return Arrays.stream(entries(repository, pack)).map(PackEntry::id).toList();
    }

    Path packFile(String pack) {
        return root().resolve(DefaultRepository.packKey(pack));
    }

    static void flipByte(Path file, long position) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x01;
        Files.delete(file);
        Files.write(file, bytes);
    }

    List<Path> files(String folder) throws Exception {
        Path path = root().resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /** Every object but the locks, with its size. */
    Map<String, Long> objects() throws Exception {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root().relativize(file).toString().replace('\\', '/'))
                    .filter(key -> !key.startsWith("locks/"))
                    .collect(Collectors.toMap(key -> key, key -> root().resolve(key).toFile().length(),
                            (a, b) -> a, TreeMap::new));
        }
    }

    static BlobId subtree(DefaultRepository repository, Snapshot snapshot, String... path) throws Exception {
        BlobId tree = snapshot.tree();
        for (String name : path) {
            tree = repository.readTree(tree).find(name).orElseThrow().subtree();
        }
        return tree;
    }

    static List<String> fileNames(DefaultRepository repository, Snapshot snapshot, String... path) throws Exception {
        return repository.readTree(subtree(repository, snapshot, path)).nodes().stream().map(Node::name).toList();
    }
}
