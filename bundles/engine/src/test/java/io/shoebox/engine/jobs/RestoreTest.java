package io.shoebox.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.engine.jobs.Restore.Existing;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.Tree;
import io.shoebox.storage.local.LocalStorage;

/**
 * Restoring a snapshot into a folder: files of many blobs come back byte for byte with their
 * modification times, files already there are skipped, overwritten or kept beside as asked, nothing is
 * written outside the destination, and a damaged blob fails the restore without leaving a partial file.
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

    @BeforeEach
    void backUpALibrary() throws Exception {
        repository = Repositories.init(new LocalStorage(work.resolve("repository"), true), PASSWORD, null);
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
                Node node = store(writer, file.getKey().substring(file.getKey().lastIndexOf('/') + 1), file.getValue(), random);
                (file.getKey().startsWith("DCIM/") ? dcim : year).add(node);
            }
            BlobId exports = writer.storeTree(new Tree(List.of(
                    Node.directory("2021", TAKEN, 0755, writer.storeTree(new Tree(year))))));
            BlobId root = writer.storeTree(new Tree(List.of(
                    Node.directory("DCIM", TAKEN, 0755, writer.storeTree(new Tree(dcim))),
                    Node.directory("Exports", TAKEN, 0755, exports))));
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
    void a_damaged_blob_fails_the_restore_and_leaves_no_partial_file() throws Exception {
        damageTheLargestPack();
        Path destination = work.resolve("restored");

        assertThatThrownBy(() -> restore(destination, Existing.SKIP)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining("damaged");
        assertThat(leftovers(destination)).isEmpty();
        List<String> complete = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : library.entrySet()) {
            Path restored = destination.resolve(file.getKey());
            if (Files.exists(restored)) {
                assertThat(Files.readAllBytes(restored)).as("only whole files under their own names").isEqualTo(file.getValue());
                complete.add(file.getKey());
            }
        }
        assertThat(complete).hasSizeLessThan(library.size());
    }

    private JobContext.Outcome restore(Path destination, Existing existing) throws Exception {
        JobContext context = new JobContext(() -> { });
        return new Restore(repository, snapshot, new PathSelection(List.of()), destination, existing, context, SILENT).run();
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

    private void damageTheLargestPack() throws IOException {
        Path pack;
        try (Stream<Path> files = Files.walk(work.resolve("repository/data"))) {
            pack = files.filter(Files::isRegularFile).max(Comparator.comparingLong(RestoreTest::size)).orElseThrow();
        }
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

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
