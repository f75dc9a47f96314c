package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.source.FileAttributes;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;
import io.shoebox.engine.internal.media.MediaAnalyzer;
import io.shoebox.engine.internal.media.MediaReaders;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.storage.local.internal.LocalStorage;

/**
 * Saving one file: it is cut into chunks stored once each and listed in order in its node, with its
 * mode, owner and extended attributes; a file that cannot be read, or stops being readable midway,
 * is skipped with a warning; a file that changed while read is stored as read; every chunk buffer
 * comes back; a failure of the repository ends the backup.
 */
class FileSaverTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final Instant MODIFIED = Instant.parse("2022-05-01T08:00:00Z");
    private static final int BUFFERS = 4;
    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    @TempDir
    Path folder;

    private Repository repository;
    private RepositoryWriter writer;
    private ExecutorService storing;
    private final Files source = new Files();
    private final ChunkBuffers buffers = new ChunkBuffers(BUFFERS, ChunkBuffers.INITIAL_SIZE);
    private final BackupStats stats = new BackupStats();
    private final JobContext context = new JobContext(() -> { });
    private FileSaver saver;

    @BeforeEach
    void openRepository() throws IOException {
        repository = Repositories.init(new LocalStorage(folder, true), PASSWORD, null, SILENT);
        writer = repository.writer();
        storing = Threads.pool("file-saver-test", 2);
        saver = new FileSaver(source, repository.chunker(), writer, storing, buffers,
                new MediaAnalyzer(MediaReaders.NONE, ZoneOffset.UTC), new SourceAttributes(source, context::warn), stats,
                context);
    }

    @AfterEach
    void close() throws IOException {
        storing.shutdownNow();
        writer.close();
        repository.close();
    }

    @Test
    void a_file_is_stored_in_chunks_its_node_lists_in_order_and_the_same_content_is_added_once() throws Exception {
        byte[] video = bytes(1, 5 << 20);
        SourceEntry entry = source.add("clip.mov", video, 0640, Map.of("user.origin", "phone".getBytes()));

        Node node = saver.save(entry, "clip.mov", false);

        assertThat(node.name()).isEqualTo("clip.mov");
        assertThat(node.size()).isEqualTo(video.length);
        assertThat(node.mtime()).isEqualTo(MODIFIED);
        assertThat(node.fileId()).isEqualTo("clip.mov");
        assertThat(node.mode()).isEqualTo(0640);
        assertThat(node.attributes().user()).isEqualTo("anna");
        assertThat(node.attributes().xattrs()).containsOnlyKeys("user.origin");
        assertThat(node.content()).hasSizeGreaterThan(1);
        writer.flush();
        assertThat(content(node)).isEqualTo(video);
        assertThat(stats.snapshotStats(0)).containsEntry("filesNew", 1L).containsEntry("bytesRead", (long) video.length)
                .containsEntry("bytesAdded", (long) video.length);
        assertThat(context.progress().bytesDone()).isEqualTo(video.length);
        assertThat(context.progress().filesDone()).isEqualTo(1);
        assertThat(buffers.free()).as("every buffer is back").isEqualTo(BUFFERS);

        Node again = saver.save(entry, "clip.mov", true);

        assertThat(again.content()).isEqualTo(node.content());
        assertThat(stats.snapshotStats(0)).containsEntry("filesChanged", 1L).containsEntry("bytesAdded",
                (long) video.length);
    }

    @Test
    void a_file_that_cannot_be_opened_or_read_to_its_end_is_skipped_with_a_warning() throws Exception {
        SourceEntry gone = new SourceEntry("gone.jpg", 10, MODIFIED, null);
        SourceEntry failing = source.add("failing.mov", bytes(2, 3 << 20), 0644, Map.of());
        source.failAfter("failing.mov", 2 << 20);

        assertThat(saver.save(gone, "gone.jpg", false)).isNull();
        assertThat(saver.save(failing, "failing.mov", true)).isNull();

        assertThat(stats.snapshotStats(0)).containsEntry("filesSkipped", 2L).containsEntry("filesNew", 0L)
                .containsEntry("filesChanged", 0L);
        assertThat(context.warnings()).hasSize(2)
                .allSatisfy(warning -> assertThat(warning).contains("skipped, it could not be read"));
        assertThat(context.progress().filesDone()).isEqualTo(2);
        assertThat(buffers.free()).as("the chunks already cut are stored and their buffers back").isEqualTo(BUFFERS);
    }

    @Test
    void a_file_that_changed_while_it_was_read_is_stored_as_read_with_a_warning() throws Exception {
        byte[] grown = bytes(3, 150_000);
        SourceEntry listed = new SourceEntry("notes.xmp", 100_000, MODIFIED, "notes.xmp");
        source.add("notes.xmp", grown, 0644, Map.of());

        Node node = saver.save(listed, "notes.xmp", false);

        assertThat(node.size()).isEqualTo(grown.length);
        assertThat(context.warnings()).singleElement().satisfies(warning -> assertThat(warning)
                .contains("changed while it was read (100000 bytes when listed, 150000 read)"));
    }

    @Test
    void a_repository_that_fails_ends_the_backup_instead_of_skipping_the_file() throws Exception {
        SourceEntry entry = source.add("IMG_0001.JPG", bytes(4, 200_000), 0644, Map.of());
        writer.close();

        assertThatThrownBy(() -> saver.save(entry, "IMG_0001.JPG", false)).isInstanceOf(RepositoryFailure.class);
        assertThat(stats.snapshotStats(0)).containsEntry("filesSkipped", 0L);
    }

    private byte[] content(Node node) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BlobId blob : node.content()) {
            out.write(repository.readBlob(blob));
        }
        return out.toByteArray();
    }

    private static byte[] bytes(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Files held in memory, with their extended attributes; one may fail after some bytes. */
    private static final class Files implements Source {
        private final Map<String, byte[]> contents = new HashMap<>();
        private final Map<String, Map<String, byte[]>> xattrs = new HashMap<>();
        private final Map<String, Integer> failAfter = new HashMap<>();

        SourceEntry add(String path, byte[] content, int mode, Map<String, byte[]> extended) {
            contents.put(path, content);
            xattrs.put(path, extended);
            return new SourceEntry(path, content.length, MODIFIED, path,
                    new FileAttributes(mode, 1000, 1000, "anna", "anna", MODIFIED, null));
        }

        void failAfter(String path, int bytes) {
            failAfter.put(path, bytes);
        }

        @Override
        public void walk(SourceVisitor visitor) {
            throw new UnsupportedOperationException("a file saver does not walk");
        }

        @Override
        public InputStream open(SourceEntry entry) throws IOException {
            byte[] content = contents.get(entry.path());
            if (content == null) {
                throw new NoSuchFileException(entry.path());
            }
            Integer limit = failAfter.get(entry.path());
            if (limit == null) {
                return new ByteArrayInputStream(content);
            }
            InputStream failing = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("input/output error");
                }
            };
            return new SequenceInputStream(new ByteArrayInputStream(content, 0, limit), failing);
        }

        @Override
        public Map<String, byte[]> extendedAttributes(SourceEntry entry) {
            return xattrs.getOrDefault(entry.path(), Map.of());
        }
    }
}
