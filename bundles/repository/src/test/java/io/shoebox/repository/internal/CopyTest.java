package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.CopyListener;
import io.shoebox.repository.Repository.CopyResult;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.index.BlobIndex;
import io.shoebox.storage.local.internal.LocalStorage;

/**
 * Copying snapshots between two repositories with different passwords, hence different keys and
 * blob ids: the copy restores byte for byte, a second copy does nothing, a newer snapshot brings
 * only its new data, and damage in the source fails the copy without harming the destination.
 */
class CopyTest extends RepositoryFixture {

    static final char[] DESTINATION_PASSWORD = "another password for the second disk".toCharArray();
    static final Instant TAKEN = Instant.parse("2024-05-01T03:00:00Z");

    /** A library of a few photos in folders, one of them a video large enough for several chunks. */
    static Map<String, byte[]> library() {
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < 6; i++) {
            files.put("DCIM/100APPLE/IMG_000" + i + ".JPG", random(i, 40_000 + i * 9_000));
        }
        files.put("2019/06 Lisbon/clip.mov", random(100, 3_000_000));
        files.put("2019/06 Lisbon/notes.txt", "tram 28".getBytes());
        files.put("empty.txt", new byte[0]);
        return files;
    }

    DefaultRepository source() throws Exception {
        return DefaultRepository.init(new LocalStorage(folder.resolve("source"), true), PASSWORD, null, fast(),
                SILENT);
    }

    DefaultRepository destination() throws Exception {
        return DefaultRepository.init(new LocalStorage(folder.resolve("destination"), true), DESTINATION_PASSWORD, null,
                fast(), SILENT);
    }

    @Test
    void a_copy_restores_byte_for_byte_from_the_destination_under_its_own_keys_and_keeps_the_snapshot_fields()
            throws Exception {
        Map<String, byte[]> files = library();
        try (DefaultRepository source = source(); DefaultRepository destination = destination()) {
            SnapshotRef original = backUp(source, files, TAKEN, null);
            AtomicLong filesReported = new AtomicLong();
            AtomicLong bytesReported = new AtomicLong();
            long[] totals = new long[2];
            CopyResult result = destination.copySnapshot(source, original, 0, new CopyListener() {
                @Override
                public void totals(long fileCount, long byteCount) {
                    totals[0] = fileCount;
                    totals[1] = byteCount;
                }

                @Override
                public void fileDone(long bytes) {
                    filesReported.incrementAndGet();
                    bytesReported.addAndGet(bytes);
                }
            });

            long libraryBytes = files.values().stream().mapToLong(bytes -> bytes.length).sum();
            long thumbnailBytes = files.values().stream().mapToLong(bytes -> thumbnailOf(bytes).length).sum();
            assertThat(result.copied()).isTrue();
            assertThat(result.files()).isEqualTo(files.size()).isEqualTo(filesReported.get()).isEqualTo(totals[0]);
            assertThat(result.bytes()).isEqualTo(libraryBytes).isEqualTo(bytesReported.get()).isEqualTo(totals[1]);
            assertThat(result.bytesAdded()).as("every photo and its thumbnail").isEqualTo(libraryBytes + thumbnailBytes);

            Snapshot copy = destination.snapshot(result.snapshotId()).orElseThrow().snapshot();
            Snapshot from = original.snapshot();
            assertThat(copy.copyOf()).isEqualTo(new Snapshot.CopyOf(source.id(), original.id()));
            assertThat(copy).usingRecursiveComparison().ignoringFields("tree", "copyOf").isEqualTo(from);
            assertThat(copy.tree()).as("tree ids are keyed per repository").isNotEqualTo(from.tree());
            assertThat(restore(destination, copy.tree())).containsExactlyInAnyOrderEntriesOf(files);
            assertThat(thumbnails(destination, copy.tree())).as("thumbnails travel with their files")
                    .containsExactlyInAnyOrderEntriesOf(thumbnails(source, from.tree()));
            assertThat(nodes(destination, copy.tree())).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                    "content", "subtree", "thumbnail").containsExactlyElementsOf(nodes(source, from.tree()));
            assertThat(destination.check(1.0, null).errors()).isEmpty();
        }
        try (DefaultRepository reopened = DefaultRepository.open(new LocalStorage(folder.resolve("destination"), false),
                DESTINATION_PASSWORD, null, fast(), SILENT)) {
            SnapshotRef copy = reopened.snapshots().get(0);
            assertThat(copy.snapshot().copyOf()).isNotNull();
            assertThat(restore(reopened, copy.snapshot().tree())).containsExactlyInAnyOrderEntriesOf(files);
        }
    }

    @Test
    void copying_again_stores_nothing_and_creates_no_second_snapshot() throws Exception {
        try (DefaultRepository source = source(); DefaultRepository destination = destination()) {
            SnapshotRef original = backUp(source, library(), TAKEN, null);
            CopyResult first = destination.copySnapshot(source, original, 0, null);
            List<String> objectsAfterFirst = objects(folder.resolve("destination"));

            CopyResult second = destination.copySnapshot(source, original, 0, null);

            assertThat(second.copied()).isFalse();
            assertThat(second.snapshotId()).isEqualTo(first.snapshotId());
            assertThat(second.bytesStored()).isZero();
            assertThat(objects(folder.resolve("destination"))).isEqualTo(objectsAfterFirst);
            assertThat(destination.snapshots()).hasSize(1);
        }
    }

    @Test
    void copying_a_newer_snapshot_reads_and_uploads_only_its_new_data() throws Exception {
        Map<String, byte[]> files = library();
        try (DefaultRepository source = source(); DefaultRepository destination = destination()) {
            SnapshotRef first = backUp(source, files, TAKEN, null);
            CopyResult firstCopy = destination.copySnapshot(source, first, 0, null);
            byte[] newPhoto = random(200, 70_000);
            files.put("DCIM/100APPLE/IMG_0100.JPG", newPhoto);
            SnapshotRef second = backUp(source, files, TAKEN.plusSeconds(86_400), first.id());

            CopyResult secondCopy = destination.copySnapshot(source, second, 0, null);

            assertThat(secondCopy.copied()).isTrue();
            assertThat(secondCopy.files()).isEqualTo(files.size());
            long newBytes = newPhoto.length + thumbnailOf(newPhoto).length;
            assertThat(secondCopy.blobsRead()).as("only the new photo and its thumbnail are read").isEqualTo(2);
            assertThat(secondCopy.bytesRead()).isEqualTo(newBytes);
            assertThat(secondCopy.bytesAdded()).isEqualTo(newBytes);
            assertThat(secondCopy.bytesStored()).as("new photo and changed trees, not the library")
                    .isLessThan(newPhoto.length + 20_000);
            Snapshot copy = destination.snapshot(secondCopy.snapshotId()).orElseThrow().snapshot();
            assertThat(copy.parent()).as("the copy of the original's parent").isEqualTo(firstCopy.snapshotId());
            assertThat(restore(destination, copy.tree())).containsExactlyInAnyOrderEntriesOf(files);
            assertThat(destination.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void a_copy_verified_in_full_reads_back_every_data_blob_it_references() throws Exception {
        try (DefaultRepository source = source(); DefaultRepository destination = destination()) {
            SnapshotRef original = backUp(source, library(), TAKEN, null);
            CopyResult result = destination.copySnapshot(source, original, 1.0, null);
            assertThat(result.blobsVerified()).isEqualTo(result.blobsRead()).isEqualTo(dataBlobs(source, original));
        }
    }

    @Test
    void a_damaged_pack_in_the_source_fails_the_copy_naming_the_file_and_leaves_the_destination_consistent()
            throws Exception {
        Map<String, byte[]> files = library();
        try (DefaultRepository source = source(); DefaultRepository destination = destination()) {
            SnapshotRef original = backUp(source, files, TAKEN, null);
            Node clip = source.readTree(source.readTree(source.readTree(original.snapshot().tree())
                    .find("2019").orElseThrow().subtree()).find("06 Lisbon").orElseThrow().subtree())
                    .find("clip.mov").orElseThrow();
            BlobIndex.Location location = source.index().locate(clip.content().get(1));
            Path pack = folder.resolve("source").resolve(DefaultRepository.packKey(location.packHex()));
            byte[] bytes = Files.readAllBytes(pack);
            bytes[(int) location.offset() + 100] ^= 0x01;
            Files.delete(pack);
            Files.write(pack, bytes);

            assertThatThrownBy(() -> destination.copySnapshot(source, original, 0, null))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageContaining("2019/06 Lisbon/clip.mov")
                    .hasMessageContaining(clip.content().get(1).hex())
                    .hasMessageContaining("damaged")
                    .satisfies(e -> assertThat(((RepositoryException) e).reason())
                            .isEqualTo(RepositoryException.Reason.CORRUPT));

            assertThat(destination.snapshots()).isEmpty();
            assertThat(destination.check(1.0, null).errors()).isEmpty();
        }
    }

    @Test
    void a_copy_that_would_reference_a_pack_lost_from_the_destination_is_refused_before_its_snapshot_is_written()
            throws Exception {
        Map<String, byte[]> files = library();
        try (DefaultRepository source = source(); DefaultRepository destination = destination()) {
            SnapshotRef first = backUp(source, files, TAKEN, null);
            Snapshot firstCopy = destination.snapshot(destination.copySnapshot(source, first, 0, null).snapshotId())
                    .orElseThrow().snapshot();
            Tree dcim = destination.readTree(destination.readTree(firstCopy.tree()).find("DCIM").orElseThrow().subtree());
            BlobId photo = destination.readTree(dcim.find("100APPLE").orElseThrow().subtree()).nodes().get(0).content()
                    .get(0);
            String lostPack = destination.index().locate(photo).packHex();
            Files.delete(folder.resolve("destination").resolve(DefaultRepository.packKey(lostPack)));
            files.put("DCIM/100APPLE/IMG_0100.JPG", random(200, 70_000));
            SnapshotRef second = backUp(source, files, TAKEN.plusSeconds(86_400), first.id());

            assertThatThrownBy(() -> destination.copySnapshot(source, second, 0, null))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageContaining("pack " + lostPack)
                    .hasMessageContaining("missing")
                    .hasMessageContaining("no snapshot was written");
            assertThat(destination.snapshots()).hasSize(1);
        }
    }

    @Test
    void a_snapshot_is_not_copied_into_the_repository_that_holds_it() throws Exception {
        try (DefaultRepository source = source()) {
            SnapshotRef original = backUp(source, library(), TAKEN, null);
            assertThatThrownBy(() -> source.copySnapshot(source, original, 0, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in repository");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Stores files (path → content) chunked as a backup does, and commits a snapshot of them. */
    static SnapshotRef backUp(Repository repository, Map<String, byte[]> files, Instant time, String parent)
            throws IOException {
        Map<String, Object> root = new TreeMap<>();
        files.forEach((path, content) -> {
            Map<String, Object> folder = root;
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) folder.computeIfAbsent(parts[i], name -> new TreeMap<>());
                folder = child;
            }
            folder.put(parts[parts.length - 1], content);
        });
        try (RepositoryWriter writer = repository.writer()) {
            BlobId tree = storeFolder(repository, writer, root, time);
            Map<String, Long> stats = new LinkedHashMap<>();
            stats.put("filesNew", (long) files.size());
            String id = writer.commit(new Snapshot(time, "nas", "iphone", "/photos/iphone", tree, parent, false,
                    List.of("policy:nightly"), stats));
            return repository.snapshot(id).orElseThrow();
        }
    }

    @SuppressWarnings("unchecked")
    private static BlobId storeFolder(Repository repository, RepositoryWriter writer, Map<String, Object> folder,
            Instant time) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Object> entry : folder.entrySet()) {
            if (entry.getValue() instanceof byte[] content) {
                List<BlobId> chunks = new ArrayList<>();
                IOException[] failed = {null};
                repository.chunker().split(new ByteArrayInputStream(content), entry.getKey(), (buffer, offset, length) -> {
                    try {
                        chunks.add(writer.storeBlob(BlobType.DATA, buffer, offset, length).id());
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
                byte[] preview = thumbnailOf(content);
                BlobId thumbnail = writer.storeBlob(BlobType.DATA, preview, 0, preview.length).id();
                nodes.add(Node.file(entry.getKey(), content.length, time, 0644, "inode:" + entry.getKey().hashCode(),
                        chunks, thumbnail, Map.of("camera", "iPhone 15", "iso", 100L)));
            } else {
                BlobId subtree = storeFolder(repository, writer, (Map<String, Object>) entry.getValue(), time);
                nodes.add(Node.directory(entry.getKey(), time, 0755, subtree));
            }
        }
        return writer.storeTree(new Tree(nodes));
    }

    /** A stand-in for a file's preview: derived from its content, so each file's is distinct. */
    static byte[] thumbnailOf(byte[] content) {
        byte[] preview = new byte[Math.min(64, content.length)];
        for (int i = 0; i < preview.length; i++) {
            preview[i] = (byte) ~content[i];
        }
        return preview;
    }

    /** The thumbnail of every file of a snapshot's tree (path → bytes), read from the repository's own blobs. */
    static Map<String, byte[]> thumbnails(Repository repository, BlobId tree) throws IOException {
        Map<String, byte[]> thumbnails = new TreeMap<>();
        Map<String, byte[]> files = restore(repository, tree);
        collectThumbnails(repository, tree, "", thumbnails);
        assertThat(thumbnails.keySet()).isEqualTo(files.keySet());
        return thumbnails;
    }

    private static void collectThumbnails(Repository repository, BlobId tree, String prefix, Map<String, byte[]> out)
            throws IOException {
        for (Node node : repository.readTree(tree).nodes()) {
            if (node.isDirectory()) {
                collectThumbnails(repository, node.subtree(), prefix + node.name() + "/", out);
            } else if (node.thumbnail() != null) {
                out.put(prefix + node.name(), repository.readBlob(node.thumbnail()));
            }
        }
    }

    /** Every file of a snapshot's tree (path → content), read from the repository's own blobs. */
    static Map<String, byte[]> restore(Repository repository, BlobId tree) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        restore(repository, tree, "", files);
        return files;
    }

    private static void restore(Repository repository, BlobId tree, String prefix, Map<String, byte[]> files)
            throws IOException {
        for (Node node : repository.readTree(tree).nodes()) {
            if (node.isDirectory()) {
                restore(repository, node.subtree(), prefix + node.name() + "/", files);
            } else {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                for (BlobId blob : node.content()) {
                    content.write(repository.readBlob(blob));
                }
                files.put(prefix + node.name(), content.toByteArray());
            }
        }
    }

    /** Every node of a snapshot's tree, depth first. */
    static List<Node> nodes(Repository repository, BlobId tree) throws IOException {
        List<Node> nodes = new ArrayList<>();
        for (Node node : repository.readTree(tree).nodes()) {
            nodes.add(node);
            if (node.isDirectory()) {
                nodes.addAll(nodes(repository, node.subtree()));
            }
        }
        return nodes;
    }

    static long dataBlobs(Repository repository, SnapshotRef snapshot) throws IOException {
        return nodes(repository, snapshot.snapshot().tree()).stream().mapToLong(node -> node.dataBlobs().size()).sum();
    }

    static List<String> objects(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
        }
    }
}
