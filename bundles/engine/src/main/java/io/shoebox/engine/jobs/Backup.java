package io.shoebox.engine.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.service.log.Logger;

import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;
import io.shoebox.api.storage.StorageException;
import io.shoebox.engine.concurrent.Threads;
import io.shoebox.engine.media.MediaAnalyzer;
import io.shoebox.engine.media.MediaFields;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;
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

    private ChunkBuffers chunkBuffers;
    private RepositoryWriter writer;
    private ExecutorService workers;
    private ExecutorService storing;
    private SnapshotRef parent;
    private Instant started;
    private long lastCheckpoint;
    private final Deque<Folder> open = new ArrayDeque<>();

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

    /** A folder of the walk whose entries are still being gathered. */
    private static final class Folder {
        final String path;
        final String name;
        final Tree previous;
        final List<CompletableFuture<Node>> entries = new ArrayList<>();
        /** The folder as the source reported it, with its attributes; null when it did not. */
        SourceEntry entry;
        NodeAttributes attributes = NodeAttributes.NONE;

        Folder(String path, String name, Tree previous) {
            this.path = path;
            this.name = name;
            this.previous = previous;
        }

        /** The folder's node: its own time and attributes where the source gave them, else its newest file's time. */
        Node node(List<Node> nodes, BlobId tree) {
            if (entry == null) {
                return Node.directory(name, newest(nodes), 0, tree);
            }
            return Node.directory(name, entry.modified(), SourceAttributes.mode(entry), tree, attributes);
        }
    }

    JobContext.Outcome run() throws IOException, InterruptedException {
        started = Instant.now();
        chunkBuffers = new ChunkBuffers(workerCount * 4, ChunkBuffers.INITIAL_SIZE);
        lastCheckpoint = System.currentTimeMillis();
        Thread counter = new SourceCounter(source, selection, context::totals).start();
        workers = Threads.pool("backup-reader", workerCount);
        storing = Threads.pool("backup-sealer", workerCount);
        try (RepositoryLock lock = repository.lock(false); RepositoryWriter opened = repository.writer()) {
            writer = opened;
            parent = latestSnapshotOf(sourceName);
            Tree previousRoot = parent == null ? null : previousTree(parent.snapshot().tree(), "");
            open.push(new Folder("", null, previousRoot));
            walk();
            BlobId root = closeAll();
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
                    moveTo(folder.path());
                    Folder open = Backup.this.open.peek();
                    open.entry = folder;
                    open.attributes = attributes.of(folder);
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
        moveTo(slash < 0 ? "" : path.substring(0, slash));
        String name = path.substring(slash + 1);
        Folder folder = open.peek();
        Node previous = folder.previous == null ? null : folder.previous.find(name).filter(n -> !n.isDirectory()).orElse(null);
        if (unchanged(previous, entry)) {
            stats.fileUnchanged();
            context.fileDone(entry.size());
            // backed up before metadata could be read: read it now, the content stays as stored
            boolean readMedia = media.examines(name) && !previous.metadata().containsKey(MediaFields.MEDIA_TYPE);
            boolean readAttributes = SourceAttributes.changed(previous, entry);
            if (readMedia || readAttributes) {
                folder.entries.add(submit(() -> {
                    Node node = readAttributes
                            ? previous.withAttributes(SourceAttributes.mode(entry), attributes.of(entry)) : previous;
                    return readMedia ? withMedia(node, entry) : node;
                }));
            } else {
                folder.entries.add(CompletableFuture.completedFuture(previous));
            }
            return;
        }
        folder.entries.add(submit(() -> store(entry, name, previous != null)));
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
     * The node with the file's media metadata and thumbnail added, when the file is one to examine.
     * A file that cannot be read again keeps its node as it is, with a warning.
     */
    private Node withMedia(Node node, SourceEntry entry) {
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

    /**
     * Reads, chunks and stores one file; returns its node, or null if it could not be read. The
     * calling thread only reads and cuts; each chunk is copied and hashed, deduplicated and sealed
     * on the storing pool, so one large video keeps every core busy. Chunks in flight are bounded.
     */
    private Node store(SourceEntry entry, String name, boolean existed) {
        List<Future<RepositoryWriter.Stored>> chunks = new ArrayList<>();
        long[] read = {0};
        try (InputStream in = source.open(entry)) {
            repository.chunker().split(in, name, (buffer, offset, length) -> {
                context.checkCancelled();
                byte[] chunk = chunkBuffers.take(length);
                System.arraycopy(buffer, offset, chunk, 0, length);
                chunks.add(storing.submit(() -> {
                    try {
                        return writer.storeBlob(BlobType.DATA, chunk, 0, length);
                    } finally {
                        chunkBuffers.release(chunk);
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

    /** Lets the chunks of an abandoned file finish, so none is left holding a slot. */
    private static void awaitQuietly(List<Future<RepositoryWriter.Stored>> chunks) {
        for (Future<RepositoryWriter.Stored> chunk : chunks) {
            try {
                chunk.get();
            } catch (ExecutionException | InterruptedException | CancellationException e) {
                // the file is skipped; a repository failure surfaces on the next file
            }
        }
    }

    /** Closes the open folders that {@code path} is not in, and opens those down to it. */
    private void moveTo(String path) throws IOException {
        while (!contains(open.peek().path, path)) {
            close(open.pop());
        }
        while (!open.peek().path.equals(path)) {
            Folder top = open.peek();
            String rest = top.path.isEmpty() ? path : path.substring(top.path.length() + 1);
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            Tree previous = null;
            String folderPath = top.path.isEmpty() ? name : top.path + "/" + name;
            if (top.previous != null) {
                var node = top.previous.find(name).filter(Node::isDirectory);
                if (node.isPresent()) {
                    previous = previousTree(node.get().subtree(), folderPath);
                }
            }
            open.push(new Folder(folderPath, name, previous));
        }
    }

    private static boolean contains(String folder, String path) {
        return folder.isEmpty() || path.equals(folder) || path.startsWith(folder + "/");
    }

    /**
     * Closes a folder without waiting for it: its tree is stored once all its entries are done, so
     * the walk goes on and the workers never run dry at a folder boundary.
     */
    private void close(Folder folder) {
        CompletableFuture<Node> node = CompletableFuture.allOf(folder.entries.toArray(CompletableFuture[]::new))
                .thenApplyAsync(done -> {
                    try {
                        List<Node> nodes = collect(folder.entries, false);
                        BlobId tree = writer.storeTree(new Tree(nodes));
                        return folder.node(nodes, tree);
                    } catch (IOException e) {
                        throw new RepositoryFailure(e);
                    }
                }, storing);
        open.peek().entries.add(node);
    }

    private BlobId closeAll() throws IOException {
        while (open.size() > 1) {
            close(open.pop());
        }
        return writer.storeTree(new Tree(collect(open.peek().entries, false)));
    }

    /**
     * The nodes of a folder's entries.
     *
     * @param doneOnly take only the entries already finished (for a checkpoint), without waiting
     */
    private List<Node> collect(List<CompletableFuture<Node>> entries, boolean doneOnly) throws IOException {
        List<Node> nodes = new ArrayList<>(entries.size());
        for (CompletableFuture<Node> entry : entries) {
            if (doneOnly && (!entry.isDone() || entry.isCompletedExceptionally())) {
                continue;
            }
            try {
                Node node = entry.get();
                if (node != null) {
                    nodes.add(node);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RepositoryFailure failure) {
                    throw (IOException) failure.getCause();
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                context.checkCancelled();
                throw new IOException("interrupted", e);
            }
        }
        return nodes;
    }

    /** Commits a snapshot of every file stored so far, leaving the walk where it is. */
    private void checkpoint() throws IOException {
        Node child = null;
        BlobId root = null;
        for (Folder folder : open) {
            List<Node> nodes = collect(folder.entries, true);
            if (child != null) {
                nodes.add(child);
            }
            root = writer.storeTree(new Tree(nodes));
            child = folder.name == null ? null : folder.node(nodes, root);
        }
        String id = writer.commit(snapshot(root, true));
        checkpoints.add(id);
        lastCheckpoint = System.currentTimeMillis();
        log.info("Backup of {}: checkpoint snapshot {} after {} files", sourceName, id, stats.filesBackedUp());
    }

    private static Instant newest(List<Node> nodes) {
        return nodes.stream().map(Node::mtime).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
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
