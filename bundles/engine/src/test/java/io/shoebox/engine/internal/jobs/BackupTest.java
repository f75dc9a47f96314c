package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.source.FileAttributes;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;
import io.shoebox.engine.internal.media.MediaAnalyzer;
import io.shoebox.engine.internal.media.MediaReaders;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.storage.local.internal.LocalStorage;

/**
 * A backup keeps what a restore needs to put a library back as it was, and never trusts stored data
 * it cannot find: folders (empty ones too) with their attributes, each file's mode, owner and
 * extended attributes; a file whose stored data the index lost is read and stored again, even though
 * it did not change; a previous listing that cannot be read makes its folder's files be read again;
 * a change of attributes alone is picked up without reading the content again.
 */
class BackupTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final Instant MODIFIED = Instant.parse("2022-05-01T08:00:00Z");
    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    @TempDir
    Path work;

    private Path repositoryFolder;
    private Repository repository;
    private final MemorySource source = new MemorySource();

    @BeforeEach
    void openRepository() throws IOException {
        repositoryFolder = work.resolve("repository");
        repository = Repositories.init(new LocalStorage(repositoryFolder, true), PASSWORD, null, SILENT);
        Random random = new Random(7);
        source.folder("Trip", 0750, attributes(0750, Instant.parse("2022-05-02T00:00:00Z")));
        source.file("Trip/IMG_0001.JPG", bytes(random, 300_000), 0640, Map.of("xdg.origin.url", "https://example.org".getBytes()));
        source.file("Trip/IMG_0002.JPG", bytes(random, 200_000), 0644, Map.of());
        source.folder("Empty", 0700, attributes(0700, MODIFIED));
    }

    @AfterEach
    void close() throws IOException {
        repository.close();
    }

    @Test
    void folders_empty_ones_too_and_files_keep_their_mode_owner_and_extended_attributes() throws Exception {
        SnapshotRef snapshot = backUp();

        Tree root = repository.readTree(snapshot.snapshot().tree());
        Node empty = root.find("Empty").orElseThrow();
        assertThat(empty.isDirectory()).isTrue();
        assertThat(empty.mode()).isEqualTo(0700);
        assertThat(repository.readTree(empty.subtree()).nodes()).isEmpty();
        Node trip = root.find("Trip").orElseThrow();
        assertThat(trip.mode()).isEqualTo(0750);
        assertThat(trip.mtime()).isEqualTo(Instant.parse("2022-05-02T00:00:00Z"));
        Node photo = repository.readTree(trip.subtree()).find("IMG_0001.JPG").orElseThrow();
        assertThat(photo.mode()).isEqualTo(0640);
        assertThat(photo.attributes().uid()).isEqualTo(1000);
        assertThat(photo.attributes().user()).isEqualTo("anna");
        assertThat(photo.attributes().xattrs()).containsOnlyKeys("xdg.origin.url");
    }

    @Test
    void a_file_whose_stored_data_the_index_lost_is_read_and_stored_again() throws Exception {
        SnapshotRef first = backUp();
        // the pack and every index file are gone: the repository no longer knows that data
        repository.close();
        deleteAll(repositoryFolder.resolve("index"));
        Path largest;
        try (Stream<Path> packs = Files.walk(repositoryFolder.resolve("data"))) {
            largest = packs.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
        }
        Files.delete(largest);
        repository = Repositories.open(new LocalStorage(repositoryFolder, false), PASSWORD, null, SILENT);

        JobContext context = new JobContext(() -> { });
        var outcome = backUp(context);

        assertThat((Long) outcome.result().get("bytesAdded")).as("the lost data is stored again").isPositive();
        assertThat(repository.check(1.0, Repository.ProgressListener.NONE).errors())
                .as("the first snapshot is whole again: the same content has the same ids").isEmpty();
        assertThat(first.id()).isNotEqualTo(outcome.result().get("snapshotId"));
    }

    @Test
    void a_previous_listing_that_cannot_be_read_makes_its_files_be_read_again() throws Exception {
        backUp();
        repository.close();
        deleteAll(repositoryFolder.resolve("index"));
        try (Stream<Path> packs = Files.walk(repositoryFolder.resolve("data"))) {
            Path smallest = packs.filter(Files::isRegularFile).min(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
            Files.delete(smallest); // the pack of the trees
        }
        repository = Repositories.open(new LocalStorage(repositoryFolder, false), PASSWORD, null, SILENT);

        var outcome = backUp(new JobContext(() -> { }));

        assertThat(outcome.result()).containsEntry("filesUnchanged", 0L).containsEntry("bytesRead", 500_000L);
        assertThat(repository.check(0, Repository.ProgressListener.NONE).errors())
                .as("the lost listings are written again, identical, so the old snapshot is whole too").isEmpty();
        SnapshotRef latest = repository.snapshot((String) outcome.result().get("snapshotId")).orElseThrow();
        assertThat(repository.readTree(repository.readTree(latest.snapshot().tree()).find("Trip").orElseThrow().subtree())
                .nodes()).hasSize(2);
    }

    @Test
    void a_changed_mode_alone_is_taken_without_reading_the_file_again() throws Exception {
        backUp();
        source.chmod("Trip/IMG_0002.JPG", 0600);

        var outcome = backUp(new JobContext(() -> { }));

        assertThat(outcome.result()).containsEntry("bytesRead", 0L).containsEntry("filesUnchanged", 2L);
        SnapshotRef latest = repository.snapshot((String) outcome.result().get("snapshotId")).orElseThrow();
        Tree trip = repository.readTree(repository.readTree(latest.snapshot().tree()).find("Trip").orElseThrow().subtree());
        assertThat(trip.find("IMG_0002.JPG").orElseThrow().mode()).isEqualTo(0600);
        assertThat(trip.find("IMG_0001.JPG").orElseThrow().mode()).isEqualTo(0640);
    }

    private SnapshotRef backUp() throws Exception {
        var outcome = backUp(new JobContext(() -> { }));
        return repository.snapshot((String) outcome.result().get("snapshotId")).orElseThrow();
    }

    private JobContext.Outcome backUp(JobContext context) throws Exception {
        return new Backup(repository, source, "phone", "/photos", null, List.of(), entry -> true,
                new MediaAnalyzer(MediaReaders.NONE, ZoneOffset.UTC), 0, context, SILENT).run();
    }

    private static FileAttributes attributes(int mode, Instant changed) {
        return new FileAttributes(mode, 1000, 1000, "anna", "anna", changed, null);
    }

    private static void deleteAll(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A source held in memory: folders and files with their attributes, walked in path order. */
    private static final class MemorySource implements Source {

        private record Entry(SourceEntry entry, byte[] content, Map<String, byte[]> xattrs) {
        }

        private final Map<String, Entry> entries = new TreeMap<>();

        void folder(String path, int mode, FileAttributes attributes) {
            entries.put(path, new Entry(new SourceEntry(path, 0, attributes.changed(), path, attributes), null, Map.of()));
        }

        void file(String path, byte[] content, int mode, Map<String, byte[]> xattrs) {
            FileAttributes attributes = attributes(mode, MODIFIED);
            entries.put(path, new Entry(new SourceEntry(path, content.length, MODIFIED, path, attributes), content, xattrs));
        }

        void chmod(String path, int mode) {
            Entry entry = entries.get(path);
            FileAttributes before = entry.entry().attributes();
            FileAttributes after = new FileAttributes(mode, before.uid(), before.gid(), before.user(), before.group(),
                    before.changed().plusSeconds(60), null);
            SourceEntry changed = new SourceEntry(path, entry.entry().size(), entry.entry().modified(),
                    entry.entry().fileId(), after);
            entries.put(path, new Entry(changed, entry.content(), entry.xattrs()));
        }

        @Override
        public void walk(SourceVisitor visitor) {
            List<Entry> ordered = new ArrayList<>(entries.values());
            for (Entry entry : ordered) {
                boolean go = entry.content() == null ? visitor.folder(entry.entry()) : visitor.file(entry.entry());
                if (!go) {
                    return;
                }
            }
        }

        @Override
        public InputStream open(SourceEntry entry) throws IOException {
            Entry found = entries.get(entry.path());
            if (found == null || found.content() == null) {
                throw new NoSuchFileException(entry.path());
            }
            return new ByteArrayInputStream(found.content());
        }

        @Override
        public Map<String, byte[]> extendedAttributes(SourceEntry entry) {
            Entry found = entries.get(entry.path());
            return found == null ? Map.of() : new LinkedHashMap<>(found.xattrs());
        }
    }
}
