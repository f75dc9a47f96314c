package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.storage.StorageException;
import io.shoebox.engine.internal.media.MediaAnalyzer;
import io.shoebox.engine.internal.media.MediaFields;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Chunker;
import io.shoebox.repository.Node;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryWriter;

/**
 * Reads, chunks and stores one file of a backup, and adds its media metadata and thumbnail. The
 * calling thread only reads and cuts; each chunk is copied into a {@link ChunkBuffers} buffer, then
 * hashed, deduplicated and sealed on the storing pool, so one large video keeps every core busy. The
 * buffers bound the chunks in flight. Thread-safe: reader threads save files at once.
 */
final class FileSaver {

    private final Source source;
    private final Chunker chunker;
    private final RepositoryWriter writer;
    private final ExecutorService storing;
    private final ChunkBuffers buffers;
    private final MediaAnalyzer media;
    private final SourceAttributes attributes;
    private final BackupStats stats;
    private final JobContext context;

    /** @param storing where chunks are stored */
    FileSaver(Source source, Chunker chunker, RepositoryWriter writer, ExecutorService storing, ChunkBuffers buffers,
            MediaAnalyzer media, SourceAttributes attributes, BackupStats stats, JobContext context) {
        this.source = source;
        this.chunker = chunker;
        this.writer = writer;
        this.storing = storing;
        this.buffers = buffers;
        this.media = media;
        this.attributes = attributes;
        this.stats = stats;
        this.context = context;
    }

    /**
     * Reads, chunks and stores one file; returns its node, or null if it could not be read (it is
     * then counted as skipped, with a warning).
     *
     * @param name the file's name in its folder
     * @param existed whether the parent snapshot had the file, so it counts as changed rather than new
     * @throws RepositoryFailure when the repository or its storage fails
     */
    Node save(SourceEntry entry, String name, boolean existed) {
        List<Future<RepositoryWriter.Stored>> chunks = new ArrayList<>();
        long[] read = {0};
        try (InputStream in = source.open(entry)) {
            chunker.split(in, name, (buffer, offset, length) -> {
                context.checkCancelled();
                byte[] chunk = buffers.take(length);
                System.arraycopy(buffer, offset, chunk, 0, length);
                chunks.add(storing.submit(() -> {
                    try {
                        return writer.storeBlob(BlobType.DATA, chunk, 0, length);
                    } finally {
                        buffers.release(chunk);
                    }
                }));
                read[0] += length;
                stats.bytesRead(length);
                context.bytesDone(length);
            });
        } catch (StorageException | RepositoryException e) {
            throw new RepositoryFailure(e);
        } catch (IOException e) {
            awaitQuietly(chunks);
            stats.fileSkipped();
            context.warn(FileNames.display(entry.path()) + ": skipped, it could not be read (" + e.getMessage() + ")");
            context.fileDone(0);
            return null;
        }
        List<BlobId> content = new ArrayList<>(chunks.size());
        for (Future<RepositoryWriter.Stored> chunk : chunks) {
            RepositoryWriter.Stored stored = stored(chunk);
            content.add(stored.id());
            if (stored.added()) {
                stats.bytesAdded(stored.length());
            }
        }
        if (read[0] != entry.size()) {
            context.warn(FileNames.display(entry.path()) + ": changed while it was read (" + entry.size()
                    + " bytes when listed, " + read[0] + " read); the bytes read were stored");
        }
        Node file = new Node(name, Node.NodeType.FILE, read[0], entry.modified(), SourceAttributes.mode(entry),
                entry.fileId(), content, null, null, Map.of(), attributes.of(entry));
        Node node = withMedia(file, entry);
        stats.fileStored(existed);
        context.fileDone(0);
        return node;
    }

    private static RepositoryWriter.Stored stored(Future<RepositoryWriter.Stored> chunk) {
        try {
            return chunk.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new RepositoryFailure(io);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RepositoryFailure(new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    /** Lets the chunks of an abandoned file finish, so none is left holding a buffer. */
    private static void awaitQuietly(List<Future<RepositoryWriter.Stored>> chunks) {
        for (Future<RepositoryWriter.Stored> chunk : chunks) {
            try {
                chunk.get();
            } catch (ExecutionException | InterruptedException | CancellationException e) {
                // the file is skipped; a repository failure surfaces on the next file
            }
        }
    }

    /**
     * The node with the file's media metadata and thumbnail added, when the file is one to examine.
     * A file that cannot be read again keeps its node as it is, with a warning.
     *
     * @throws RepositoryFailure when the thumbnail cannot be stored
     */
    Node withMedia(Node node, SourceEntry entry) {
        if (!media.examines(node.name())) {
            return node;
        }
        MediaAnalyzer.Analysis analysis;
        try {
            analysis = media.analyze(node.name(), entry.modified(), () -> source.open(entry));
        } catch (IOException e) {
            context.warn(FileNames.display(entry.path()) + ": its metadata could not be read (" + e.getMessage() + ")");
            return node;
        }
        BlobId thumbnail = null;
        if (analysis.thumbnail() != null) {
            try {
                RepositoryWriter.Stored stored = writer.storeBlob(BlobType.DATA, analysis.thumbnail(), 0,
                        analysis.thumbnail().length);
                thumbnail = stored.id();
                if (stored.added()) {
                    stats.bytesAdded(stored.length());
                }
            } catch (IOException e) {
                throw new RepositoryFailure(e);
            }
        }
        // problems of a photo's metadata stay on its item: the photo itself is backed up whole
        return node.withMedia(thumbnail, MediaFields.toMap(analysis.metadata()));
    }
}
