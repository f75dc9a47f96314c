package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;
import io.shoebox.api.storage.StorageException;
import io.shoebox.engine.internal.media.MediaAnalyzer;
import io.shoebox.engine.internal.media.MediaFields;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;

/**
 * One backup run. The source is walked on the job's thread; each directory becomes a tree once all
 * its files are stored. A file whose size, modification time and file id match the parent
 * snapshot is taken over without being read. Changed and new files are read, chunked and stored
 * by worker threads; the number of files in flight is bounded, and the repository writer bounds
 * the data waiting for upload, so memory stays flat however large the library. Every
 * {@code checkpointSeconds} a checkpoint snapshot of everything stored so far is committed, so a
 * long first backup is restorable as it goes and an interrupted one resumes from there.
 *
 * <p>This class walks the source and decides what becomes of each file; the pipeline's stages are
 * its own classes: {@link FileSaver} reads, chunks and stores a file into {@link ChunkBuffers},
 * {@link TreeBuilder} stores folder trees as the walk leaves them (and for checkpoints),
 * {@link SourceCounter} counts the source for progress totals and {@link BackupStats} keeps the
 * counts for the snapshot and the job's result.
 */
final class Backup {

    private final Repository repository;
    private final Source source;
    private final String sourceName;
    private final String sourcePath;
    private final String policy;
    private final List<String> tags;
    private final Predicate<SourceEntry> selection;
    private final MediaAnalyzer media;
    private final long checkpointMillis;
    private final JobContext context;
    private final Logger log;
    private final SourceAttributes attributes;

    private final int workerCount = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final Semaphore inFlight = new Semaphore(workerCount * 4);
    private final BackupStats stats = new BackupStats();
    private final List<String> checkpoints = new ArrayList<>();

    private RepositoryWriter writer;
    private ExecutorService workers;
    private ExecutorService storing;
    private TreeBuilder trees;
    private FileSaver files;
    private SnapshotRef parent;
    private Instant started;
    private long lastCheckpoint;

    /**
     * @param policy the policy the backup runs for, or {@code null}
     * @param tags labels for the snapshot besides the policy's
     * @param selection which files of the source to take
     * @param media reads the metadata and makes the thumbnails of photos and videos
     */
    Backup(Repository repository, Source source, String sourceName, String sourcePath, String policy, List<String> tags,
            Predicate<SourceEntry> selection, MediaAnalyzer media, long checkpointSeconds, JobContext context,
            Logger log) {
        this.repository = repository;
        this.source = source;
        this.sourceName = sourceName;
        this.sourcePath = sourcePath;
        this.policy = policy;
        this.tags = List.copyOf(tags);
        this.selection = selection;
        this.media = media;
        this.checkpointMillis = checkpointSeconds * 1000;
        this.context = context;
        this.log = log;
        this.attributes = new SourceAttributes(source, context::warn);
    }

    JobContext.Outcome run() throws IOException, InterruptedException {
        started = Instant.now();
        ChunkBuffers buffers = new ChunkBuffers(workerCount * 4, ChunkBuffers.INITIAL_SIZE);
        lastCheckpoint = System.currentTimeMillis();
        Thread counter = new SourceCounter(source, selection, context::totals).start();
        workers = Threads.pool("backup-reader", workerCount);
        storing = Threads.pool("backup-sealer", workerCount);
        try (RepositoryLock lock = repository.lock(false); RepositoryWriter opened = repository.writer()) {
            writer = opened;
            parent = latestSnapshotOf(sourceName);
            Tree previousRoot = parent == null ? null : previousTree(parent.snapshot().tree(), "");
            trees = new TreeBuilder(writer, storing, this::previousTree, previousRoot, context);
            files = new FileSaver(source, repository.chunker(), writer, storing, buffers, media, attributes, stats,
                    context);
            walk();
            BlobId root = trees.finish();
            String id = writer.commit(snapshot(root, false));
            for (String checkpoint : checkpoints) {
                repository.forget(checkpoint);
            }
            log.info("Backup of {} finished: snapshot {}, {} new, {} changed, {} unchanged files", sourceName, id,
                    stats.filesNew(), stats.filesChanged(), stats.filesUnchanged());
            return JobContext.Outcome.succeeded(stats.result(id, parent == null ? null : parent.id(),
                    writer.bytesUploaded(), writer.packsUploaded(), checkpoints.size(), context.warningCount()));
        } catch (RepositoryFailure e) {
            throw (IOException) e.getCause();
        } finally {
            counter.interrupt();
            workers.shutdownNow();
            storing.shutdownNow();
        }
    }

    private void walk() throws IOException {
        IOException[] failure = {null};
        source.walk(new SourceVisitor() {
            @Override
            public boolean file(SourceEntry entry) {
                context.checkCancelled();
                if (!selection.test(entry)) {
                    stats.fileExcluded();
                    return true;
                }
                try {
                    add(entry);
                    return true;
                } catch (IOException e) {
                    failure[0] = e;
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    context.checkCancelled();
                    failure[0] = new IOException("interrupted", e);
                    return false;
                }
            }

            @Override
            public boolean folder(SourceEntry folder) {
                context.checkCancelled();
                try {
                    trees.moveTo(folder.path());
                    trees.describe(folder, attributes.of(folder));
                    return true;
                } catch (IOException e) {
                    failure[0] = e;
                    return false;
                }
            }

            @Override
            public void problem(String path, String message) {
                stats.fileSkipped();
                context.warn(FileNames.display(path) + ": " + message);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * A folder's tree in the parent snapshot, or null when it cannot be read (a repair dropped it, its
     * pack is damaged): the folder's files are then read again, which stores what was lost once more.
     */
    private Tree previousTree(BlobId tree, String path) throws IOException {
        try {
            return repository.readTree(tree);
        } catch (RepositoryException | StorageException e) {
            if (e instanceof StorageException storage && storage.kind() != StorageException.Kind.NOT_FOUND) {
                throw e;
            }
            log.warn("Backup of {}: the previous listing of '{}' cannot be read ({}); its files are read again",
                    sourceName, FileNames.display(path), e.getMessage());
            return null;
        }
    }

    private void add(SourceEntry entry) throws IOException, InterruptedException {
        if (checkpointMillis > 0 && System.currentTimeMillis() - lastCheckpoint >= checkpointMillis) {
            checkpoint();
        }
        String path = entry.path();
        int slash = path.lastIndexOf('/');
        trees.moveTo(slash < 0 ? "" : path.substring(0, slash));
        String name = path.substring(slash + 1);
        Node previous = trees.previousFile(name);
        if (unchanged(previous, entry)) {
            stats.fileUnchanged();
            context.fileDone(entry.size());
            // backed up before metadata could be read: read it now, the content stays as stored
            boolean readMedia = media.examines(name) && !previous.metadata().containsKey(MediaFields.MEDIA_TYPE);
            boolean readAttributes = SourceAttributes.changed(previous, entry);
            if (readMedia || readAttributes) {
                trees.add(submit(() -> {
                    Node node = readAttributes
                            ? previous.withAttributes(SourceAttributes.mode(entry), attributes.of(entry)) : previous;
                    return readMedia ? files.withMedia(node, entry) : node;
                }));
            } else {
                trees.add(CompletableFuture.completedFuture(previous));
            }
            return;
        }
        trees.add(submit(() -> files.save(entry, name, previous != null)));
    }

    /** Runs a file's work on a reader thread, with the number of files in flight bounded. */
    private CompletableFuture<Node> submit(Supplier<Node> work) throws InterruptedException {
        inFlight.acquire();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.get();
                } finally {
                    inFlight.release();
                }
            }, workers);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /**
     * Whether a file can be taken over from the parent snapshot without reading it: same size,
     * modification time and identity, and every blob of it still in the repository (a repair drops
     * blobs that were damaged, and this is how they are stored again from the intact original).
     */
    private boolean unchanged(Node previous, SourceEntry entry) {
        if (previous == null || previous.size() != entry.size() || !Objects.equals(previous.mtime(), entry.modified())
                || !Objects.equals(previous.fileId(), entry.fileId())) {
            return false;
        }
        for (BlobId blob : previous.dataBlobs()) {
            if (!repository.contains(blob)) {
                return false;
            }
        }
        return true;
    }

    /** Commits a snapshot of every file stored so far, leaving the walk where it is. */
    private void checkpoint() throws IOException {
        BlobId root = trees.checkpoint();
        String id = writer.commit(snapshot(root, true));
        checkpoints.add(id);
        lastCheckpoint = System.currentTimeMillis();
        log.info("Backup of {}: checkpoint snapshot {} after {} files", sourceName, id, stats.filesBackedUp());
    }

    private SnapshotRef latestSnapshotOf(String name) throws IOException {
        SnapshotRef latest = null;
        for (SnapshotRef ref : repository.snapshots()) {
            if (name.equals(ref.snapshot().source()) && (latest == null || isNewer(ref, latest))) {
                latest = ref;
            }
        }
        return latest;
    }

    private static boolean isNewer(SnapshotRef candidate, SnapshotRef current) {
        int order = candidate.snapshot().time().compareTo(current.snapshot().time());
        return order > 0 || (order == 0 && current.snapshot().checkpoint() && !candidate.snapshot().checkpoint());
    }

    private Snapshot snapshot(BlobId root, boolean checkpoint) {
        List<String> labels = new ArrayList<>();
        if (policy != null) {
            labels.add("policy:" + policy);
        }
        labels.addAll(tags);
        return new Snapshot(started, Hostname.get(), sourceName, sourcePath, root, parent == null ? null : parent.id(),
                checkpoint, labels, stats.snapshotStats(writer.bytesUploaded()));
    }
}
