package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.source.FileNames;
import io.shoebox.engine.internal.jobs.Restore.Existing;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;
import io.shoebox.repository.Repositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.Tree;
import io.shoebox.storage.local.internal.LocalStorage;

/**
 * Restoring a snapshot into a folder: files of many blobs come back byte for byte with their
 * modification times and folders with their modes, files already there are skipped, overwritten or kept
 * beside as asked, nothing is written outside the destination, and damage in the repository costs only
 * the files it hits: every other file is restored, and each lost one is named.
 */
class RestoreTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final Instant TAKEN = Instant.parse("2021-07-04T18:30:00Z");
    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    @TempDir
    Path work;

    private Repository repository;
    private String snapshot;
    private final Map<String, byte[]> library = new java.util.LinkedHashMap<>();
    /** The packs each file's data went to, and the pack of the Exports folder's listings. */
    private final Map<String, List<Path>> packsOf = new java.util.HashMap<>();

    @BeforeEach
    void backUpALibrary() throws Exception {
        repository = Repositories.init(new LocalStorage(work.resolve("repository"), true), PASSWORD, null, SILENT);
        Random random = new Random(42);
        // A video of many blobs of uneven sizes, so each blob's place in the file matters.
        library.put("DCIM/IMG_0001.MOV", bytes(random, 6_000_000));
        library.put("DCIM/IMG_0002.JPG", bytes(random, 900_000));
        library.put("DCIM/empty.AAE", new byte[0]);
        library.put("Exports/2021/IMG_0001.JPG", bytes(random, 300_000));
        try (RepositoryWriter writer = repository.writer()) {
            List<Node> dcim = new ArrayList<>();
            List<Node> year = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : library.entrySet()) {
                List<Path> before = packs();
                Node node = store(writer, file.getKey().substring(file.getKey().lastIndexOf('/') + 1), file.getValue(), random);
                writer.flush();
                packsOf.put(file.getKey(), newSince(before));
                (file.getKey().startsWith("DCIM/") ? dcim : year).add(node);
            }
            List<Path> before = packs();
            BlobId exports = writer.storeTree(new Tree(List.of(
                    Node.directory("2021", TAKEN, 0755, writer.storeTree(new Tree(year))))));
            writer.flush();
            packsOf.put("Exports/", newSince(before));
            BlobId root = writer.storeTree(new Tree(List.of(
                    Node.directory("DCIM", TAKEN, 0755, writer.storeTree(new Tree(dcim))),
                    Node.directory("Exports", TAKEN, 0755, exports),
                    Node.directory("Empty", TAKEN, 0700, writer.storeTree(new Tree(List.of()))))));
            writer.flush();
            snapshot = writer.commit(new Snapshot(Instant.now(), "host", "phone", "/photos", root, null, false, List.of(),
                    Map.of()));
        }
    }

    @AfterEach
    void close() throws Exception {
        repository.close();
    }

    @Test
    void every_file_comes_back_byte_for_byte_with_its_modification_time() throws Exception {
        Path destination = work.resolve("restored");
        var outcome = restore(destination, Existing.SKIP);
        assertThat(outcome.result()).containsEntry("filesRestored", (long) library.size());
        for (Map.Entry<String, byte[]> file : library.entrySet()) {
            Path restored = destination.resolve(file.getKey());
            assertThat(Files.readAllBytes(restored)).as(file.getKey()).isEqualTo(file.getValue());
            assertThat(Files.getLastModifiedTime(restored).toInstant()).isEqualTo(TAKEN);
        }
        assertThat(leftovers(destination)).isEmpty();
    }

    @Test
    void a_file_already_there_is_skipped_overwritten_or_kept_beside_the_restored_one() throws Exception {
        Path destination = work.resolve("restored");
        Path photo = destination.resolve("DCIM/IMG_0002.JPG");
        Files.createDirectories(photo.getParent());
        byte[] edited = "the user's own edit".getBytes();

        Files.write(photo, edited);
        var skipped = restore(destination, Existing.SKIP);
        assertThat(skipped.result()).containsEntry("filesSkipped", 1L);
        assertThat(Files.readAllBytes(photo)).isEqualTo(edited);

        Files.write(photo, edited);
        var renamed = restore(destination, Existing.RENAME);
        assertThat(renamed.result()).containsEntry("filesRenamed", (long) library.size());
        assertThat(Files.readAllBytes(photo)).isEqualTo(edited);
        assertThat(Files.readAllBytes(destination.resolve("DCIM/IMG_0002 (restored 1).JPG")))
                .isEqualTo(library.get("DCIM/IMG_0002.JPG"));

        restore(destination, Existing.OVERWRITE);
        assertThat(Files.readAllBytes(photo)).isEqualTo(library.get("DCIM/IMG_0002.JPG"));
        assertThat(leftovers(destination)).isEmpty();
    }

    @Test
    void a_folder_on_the_way_that_links_outside_the_destination_is_refused() throws Exception {
        Path destination = work.resolve("restored");
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.createDirectories(destination);
        Files.createSymbolicLink(destination.resolve("Exports"), elsewhere);

        assertThatThrownBy(() -> restore(destination, Existing.OVERWRITE)).isInstanceOf(IOException.class)
                .hasMessageContaining("leads outside");
        try (Stream<Path> outside = Files.list(elsewhere)) {
            assertThat(outside).as("nothing created outside, not even a folder").isEmpty();
        }
    }

    @Test
    void a_damaged_blob_costs_only_its_file_which_is_named_and_leaves_nothing_partial_behind() throws Exception {
        flipAByteIn(packsOf.get("DCIM/IMG_0001.MOV").get(0));
        Path destination = work.resolve("restored");
        JobContext context = new JobContext(() -> { });

        var outcome = restore(destination, Existing.SKIP, Restore.Damaged.SKIP, context);

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.result()).containsEntry("filesRestored", (long) library.size() - 1)
                .containsEntry("filesFailed", 1L);
        assertThat(failedPaths(outcome)).containsExactly("DCIM/IMG_0001.MOV");
        assertThat(context.warnings()).singleElement().asString().startsWith("DCIM/IMG_0001.MOV: not restored: ")
                .contains("damaged");
        assertThat(destination.resolve("DCIM/IMG_0001.MOV")).doesNotExist();
        assertRestoredIntact(destination, "DCIM/IMG_0002.JPG", "DCIM/empty.AAE", "Exports/2021/IMG_0001.JPG");
        assertThat(leftovers(destination)).isEmpty();
    }

    @Test
    void asked_to_zero_damaged_ranges_it_writes_the_file_whole_with_zeros_where_the_data_is_lost() throws Exception {
        Path pack = packsOf.get("DCIM/IMG_0001.MOV").get(0);
        flipAByteIn(pack);
        Path destination = work.resolve("restored");
        JobContext context = new JobContext(() -> { });

        var outcome = restore(destination, Existing.SKIP, Restore.Damaged.ZERO, context);

        assertThat(outcome.result()).containsEntry("filesRestored", (long) library.size())
                .containsEntry("filesZeroFilled", 1L).containsEntry("filesFailed", 0L);
        byte[] original = library.get("DCIM/IMG_0001.MOV");
        byte[] restored = Files.readAllBytes(destination.resolve("DCIM/IMG_0001.MOV"));
        assertThat(restored).hasSameSizeAs(original);
        int differing = 0;
        for (int i = 0; i < original.length; i++) {
            if (restored[i] != original[i]) {
                assertThat(restored[i]).as("a byte that differs was zeroed").isZero();
                differing++;
            }
        }
        assertThat(differing).as("the damaged blob's range is zeroed, the rest is intact").isPositive()
                .isLessThan(600 * 1024);
        assertThat(context.warnings()).singleElement().asString().contains("written as zeros");
    }

    @Test
    void a_lost_pack_and_a_damaged_folder_listing_cost_only_what_they_hold() throws Exception {
        Files.delete(packsOf.get("DCIM/IMG_0002.JPG").get(0));
        flipAByteIn(packsOf.get("Exports/").get(0));
        Path destination = work.resolve("restored");

        var outcome = restore(destination, Existing.SKIP, Restore.Damaged.SKIP, new JobContext(() -> { }));

        assertThat(failedPaths(outcome)).hasSize(2).contains("DCIM/IMG_0002.JPG")
                .anyMatch(path -> path.equals("Exports") || path.equals("Exports/2021"));
        assertRestoredIntact(destination, "DCIM/IMG_0001.MOV", "DCIM/empty.AAE");
        assertThat(leftovers(destination)).isEmpty();
    }

    @Test
    void when_nothing_can_be_restored_the_restore_fails_and_names_every_file() throws Exception {
        for (Map.Entry<String, List<Path>> packs : packsOf.entrySet()) {
            if (!packs.getKey().equals("Exports/")) {
                for (Path pack : packs.getValue()) {
                    Files.delete(pack);
                }
            }
        }
        Path destination = work.resolve("restored");

        var outcome = new Restore(repository, snapshot, new PathSelection(List.of("**.MOV", "**.JPG")), destination,
                Existing.SKIP, Restore.Damaged.SKIP, new JobContext(() -> { }), SILENT).run();

        assertThat(outcome.failure()).startsWith("none of the files could be restored");
        assertThat(failedPaths(outcome)).containsExactlyInAnyOrder("DCIM/IMG_0001.MOV", "DCIM/IMG_0002.JPG",
                "Exports/2021/IMG_0001.JPG");
    }

    @Test
    void folders_come_back_with_their_mode_an_empty_one_included() throws Exception {
        Path destination = work.resolve("restored");
        restore(destination, Existing.SKIP);
        assertThat(destination.resolve("Empty")).isEmptyDirectory();
        assertThat(Files.getAttribute(destination.resolve("Empty"), "unix:mode")).isEqualTo(040700);
        assertThat(Files.getAttribute(destination.resolve("DCIM"), "unix:mode")).isEqualTo(040755);
        assertThat(Files.getLastModifiedTime(destination.resolve("DCIM")).toInstant()).isEqualTo(TAKEN);
    }

    @Test
    void a_file_comes_back_under_its_exact_name_bytes_with_its_mode_and_extended_attributes() throws Exception {
        String latin1Name = FileNames.decode(HexFormat.of().parseHex("4dfc6c6c65722e6a7067")); // "Müller.jpg" in Latin-1
        byte[] content = "photo".getBytes();
        NodeAttributes attributes = new NodeAttributes(-1, -1, null, null, null, null,
                Map.of("xdg.origin.url", "https://example.org/m.jpg".getBytes()));
        String rawSnapshot;
        try (RepositoryWriter writer = repository.writer()) {
            BlobId blob = writer.storeBlob(BlobType.DATA, content, 0, content.length).id();
            Node file = new Node(latin1Name, Node.NodeType.FILE, content.length, TAKEN, 0640, null, List.of(blob), null, null,
                    Map.of(), attributes);
            BlobId root = writer.storeTree(new Tree(List.of(Node.directory(latin1Name.replace(".jpg", ""), TAKEN, 0750,
                    writer.storeTree(new Tree(List.of(file)))))));
            rawSnapshot = writer.commit(new Snapshot(Instant.now(), "host", "old-pc", "/photos", root, null, false,
                    List.of(), Map.of()));
        }
        Path destination = work.resolve("restored");
        JobContext context = new JobContext(() -> { });

        var outcome = new Restore(repository, rawSnapshot, new PathSelection(List.of()), destination, Existing.SKIP,
                Restore.Damaged.SKIP, context, SILENT).run();

        assertThat(outcome.result()).containsEntry("filesRestored", 1L);
        Path folder = FileNames.resolve(destination, latin1Name.replace(".jpg", ""));
        Path file = FileNames.resolve(folder, latin1Name);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        try (Stream<Path> entries = Files.list(folder)) {
            assertThat(entries.map(FileNames::nameOf).map(FileNames::encode).toList())
                    .singleElement().isEqualTo(HexFormat.of().parseHex("4dfc6c6c65722e6a7067"));
        }
        assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100640);
        assertThat(Files.getAttribute(folder, "unix:mode")).isEqualTo(040750);
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(TAKEN);
        var xattrs = Files.getFileAttributeView(file, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        if (Files.getFileStore(destination).supportsFileAttributeView("user") && context.warnings().isEmpty()) {
            java.nio.ByteBuffer value = java.nio.ByteBuffer.allocate(xattrs.size("xdg.origin.url"));
            xattrs.read("xdg.origin.url", value);
            assertThat(new String(value.array())).isEqualTo("https://example.org/m.jpg");
        } else {
            assertThat(context.warnings()).anyMatch(warning -> warning.contains("extended attribute"));
        }
    }

    private JobContext.Outcome restore(Path destination, Existing existing) throws Exception {
        return restore(destination, existing, Restore.Damaged.SKIP, new JobContext(() -> { }));
    }

    private JobContext.Outcome restore(Path destination, Existing existing, Restore.Damaged damaged, JobContext context)
            throws Exception {
        return new Restore(repository, snapshot, new PathSelection(List.of()), destination, existing, damaged, context,
                SILENT).run();
    }

    @SuppressWarnings("unchecked")
    private static List<String> failedPaths(JobContext.Outcome outcome) {
        return ((List<Map<String, Object>>) outcome.result().get("failed")).stream().map(f -> (String) f.get("path"))
                .toList();
    }

    private void assertRestoredIntact(Path destination, String... files) throws IOException {
        for (String file : files) {
            assertThat(Files.readAllBytes(destination.resolve(file))).as(file).isEqualTo(library.get(file));
        }
    }

    private List<Path> packs() throws IOException {
        Path data = work.resolve("repository/data");
        if (!Files.exists(data)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private List<Path> newSince(List<Path> before) throws IOException {
        List<Path> now = new ArrayList<>(packs());
        now.removeAll(before);
        return now;
    }

    /** Stores content as blobs of uneven sizes, the way a chunker would cut it. */
    private static Node store(RepositoryWriter writer, String name, byte[] content, Random random) throws IOException {
        List<BlobId> blobs = new ArrayList<>();
        for (int offset = 0; offset < content.length;) {
            int length = Math.min(content.length - offset, 64 * 1024 + random.nextInt(512 * 1024));
            blobs.add(writer.storeBlob(BlobType.DATA, content, offset, length).id());
            offset += length;
        }
        return Node.file(name, content.length, TAKEN, 0644, null, blobs, Map.of());
    }

    private static void flipAByteIn(Path pack) throws IOException {
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length / 3] ^= 0x5a;
        pack.toFile().setWritable(true);
        Files.write(pack, bytes);
    }

    private static List<Path> leftovers(Path destination) throws IOException {
        if (!Files.exists(destination)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(destination)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".shoebox-restore-")).toList();
        }
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
