package io.shoebox.repository.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.CopyListener;
import io.shoebox.repository.Repository.CopyResult;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.format.TreeFormat;
import io.shoebox.repository.internal.index.BlobIndex;

/**
 * Copies one snapshot of another repository into this one. Blob ids are keyed per repository, so
 * every tree is rewritten bottom-up with this repository's ids. The source tree is walked on the
 * calling thread; data blobs are read, verified and stored by worker threads while the writer
 * uploads full packs on its own threads, and a directory's tree is stored once all its entries
 * are. A semaphore bounds the blobs in flight, so memory stays flat however large the snapshot.
 * Files whose content equals that of the same file in the previous copy of the same source are
 * taken over from that copy: an incremental copy reads only what is new.
 */
final class SnapshotCopier {

    private final DefaultRepository target;
    private final Repository from;
    private final SnapshotRef original;
    private final Snapshot.CopyOf origin;
    private final double verifyReadFraction;
    private final CopyListener listener;

    private final int workerCount = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final int maxBlobsInFlight = workerCount * 2;
    private final Semaphore blobsInFlight = new Semaphore(maxBlobsInFlight);
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong blobsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesAdded = new AtomicLong();
    private final AtomicLong blobsVerified = new AtomicLong();
    /** The first failure of any worker; the walk stops at its next step. */
    private volatile Throwable failure;
    private ExecutorService workers;
    private RepositoryWriter writer;

    /** The previous copy of the same source, walked beside the snapshot to take unchanged files over. */
    private record Base(BlobId originalTree, BlobId copyTree) {
    }

    SnapshotCopier(DefaultRepository target, Repository from, SnapshotRef original, double verifyReadFraction,
            CopyListener listener) {
        this.target = target;
        this.from = from;
        this.original = original;
        this.origin = new Snapshot.CopyOf(from.id(), original.id());
        this.verifyReadFraction = Math.max(0, Math.min(1, verifyReadFraction));
        this.listener = listener;
    }

    CopyResult run() throws IOException {
        List<SnapshotRef> existing = target.snapshots();
        Optional<SnapshotRef> copied = existing.stream().filter(ref -> origin.equals(ref.snapshot().copyOf())).findFirst();
        if (copied.isPresent()) {
            return new CopyResult(copied.get().id(), false, 0, 0, 0, 0, 0, 0, 0);
        }
        countTotals();
        Base base = base(existing);
        workers = Threads.pool("copy", workerCount);
        try (RepositoryWriter opened = target.writer()) {
            writer = opened;
            try {
                CompletableFuture<BlobId> copying = copyTree(original.snapshot().tree(), "",
                        base == null ? null : base.originalTree(), base == null ? null : base.copyTree());
                BlobId root = await(copying);
                writer.flush();
                verify(root);
                String id = writer.commit(snapshot(root, existing));
                return new CopyResult(id, true, files.get(), bytes.get(), blobsRead.get(), bytesRead.get(),
                        bytesAdded.get(), writer.bytesUploaded(), blobsVerified.get());
            } finally {
                workers.shutdownNow(); // before the writer closes, so no worker stores into a closed writer
            }
        }
    }

    // ---------------------------------------------------------------- walking and copying

    /** Counts the snapshot's files and bytes from its trees alone, which are small and cached. */
    private void countTotals() throws IOException {
        long fileCount = 0;
        long byteCount = 0;
        Deque<Map.Entry<BlobId, String>> trees = new ArrayDeque<>();
        trees.add(Map.entry(original.snapshot().tree(), ""));
        while (!trees.isEmpty()) {
            Map.Entry<BlobId, String> next = trees.poll();
            for (Node node : readOriginalTree(next.getKey(), next.getValue()).nodes()) {
                if (node.isDirectory()) {
                    trees.add(Map.entry(node.subtree(), child(next.getValue(), node)));
                } else {
                    fileCount++;
                    byteCount += node.size();
                }
            }
        }
        listener.totals(fileCount, byteCount);
    }

    /**
     * Starts copying a directory: reads its tree, starts the copies of its files and
     * subdirectories, and returns the id its tree will have here once all of them are done.
     */
    private CompletableFuture<BlobId> copyTree(BlobId treeId, String path, BlobId baseOriginal, BlobId baseCopy)
            throws IOException {
        Tree tree = readOriginalTree(treeId, path);
        Tree previousOriginal = baseOriginal == null ? null : from.readTree(baseOriginal);
        Tree previousCopy = baseCopy == null ? null : target.readTree(baseCopy);
        List<CompletableFuture<Node>> nodes = new ArrayList<>(tree.nodes().size());
        for (Node node : tree.nodes()) {
            stopIfFailed();
            String nodePath = child(path, node);
            Node before = previousOriginal == null ? null : previousOriginal.find(node.name()).orElse(null);
            Node beforeCopy = previousCopy == null ? null : previousCopy.find(node.name()).orElse(null);
            if (node.isDirectory()) {
                boolean paired = before != null && before.isDirectory() && beforeCopy != null && beforeCopy.isDirectory();
                nodes.add(copyTree(node.subtree(), nodePath, paired ? before.subtree() : null,
                        paired ? beforeCopy.subtree() : null).thenApply(subtree -> node.withBlobs(List.of(), subtree)));
            } else {
                List<BlobId> takenOver = takenOver(node, before, beforeCopy);
                nodes.add(takenOver != null ? CompletableFuture.completedFuture(fileDone(node, takenOver))
                        : copyFile(node, nodePath));
            }
        }
        return CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)).thenApplyAsync(done -> {
            List<Node> copies = nodes.stream().map(CompletableFuture::join).toList();
            try {
                return writer.storeTree(new Tree(copies));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers);
    }

    /**
     * The content of the previous copy of a file, if the file has not changed since: its content
     * in the original is the same as in the previous original, and the previous copy still holds
     * all of it. The copies of one file have as many blobs as the original, so they line up.
     */
    private List<BlobId> takenOver(Node node, Node before, Node beforeCopy) {
        if (before == null || beforeCopy == null || before.isDirectory() || beforeCopy.isDirectory()
                || !before.dataBlobs().equals(node.dataBlobs()) || beforeCopy.size() != node.size()
                || beforeCopy.dataBlobs().size() != node.dataBlobs().size()) {
            return null;
        }
        return beforeCopy.dataBlobs().stream().allMatch(target::contains) ? beforeCopy.dataBlobs() : null;
    }

    private CompletableFuture<Node> copyFile(Node node, String path) throws IOException {
        List<CompletableFuture<BlobId>> blobs = new ArrayList<>(node.dataBlobs().size());
        for (BlobId blob : node.dataBlobs()) {
            blobs.add(inFlight(() -> copyBlob(blob, path)));
        }
        return CompletableFuture.allOf(blobs.toArray(CompletableFuture[]::new))
                .thenApply(done -> fileDone(node, blobs.stream().map(CompletableFuture::join).toList()));
    }

    private Node fileDone(Node node, List<BlobId> content) {
        files.incrementAndGet();
        bytes.addAndGet(node.size());
        listener.fileDone(node.size());
        return node.withBlobs(content, null);
    }

    /** Reads a data blob from the original, checks it, and stores it here; returns its id here. */
    private BlobId copyBlob(BlobId blob, String path) throws IOException {
        byte[] plain = readOriginal(blob, "data blob", path);
        RepositoryWriter.Stored stored = writer.storeBlob(BlobType.DATA, plain, 0, plain.length);
        blobsRead.incrementAndGet();
        bytesRead.addAndGet(plain.length);
        if (stored.added()) {
            bytesAdded.addAndGet(plain.length);
        }
        return stored.id();
    }

    private Tree readOriginalTree(BlobId tree, String path) throws IOException {
        return TreeFormat.decode(readOriginal(tree, "tree", path), tree.hex());
    }

    /**
     * Reads a blob of the original: opening it authenticates it (AEAD), and its id is derived
     * again from the plaintext, so a blob stored under a wrong id is caught too.
     */
    private byte[] readOriginal(BlobId blob, String what, String path) throws IOException {
        byte[] plain;
        try {
            plain = from.readBlob(blob);
        } catch (RepositoryException e) {
            throw new RepositoryException(e.reason(), cannotCopy(path) + e.getMessage(), e);
        }
        if (!from.blobId(plain, 0, plain.length).equals(blob)) {
            throw new RepositoryException(Reason.CORRUPT,
                    cannotCopy(path) + what + " " + blob + " does not match its id in the source repository");
        }
        return plain;
    }

    private static String child(String path, Node node) {
        return path.isEmpty() ? node.name() : path + "/" + node.name();
    }

    private String cannotCopy(String path) {
        return "snapshot " + original.id() + ": '" + (path.isEmpty() ? "/" : path) + "' cannot be copied: ";
    }

    /** The node as it is here: the same fields, with this repository's blob ids. */

    // ---------------------------------------------------------------- verifying

    /**
     * Checks the copy before its snapshot is written: every tree reads back here and matches its
     * id, every data blob is indexed, every pack they are in exists with its indexed size, and a
     * random fraction of the data blobs reads back intact.
     */
    private void verify(BlobId root) throws IOException {
        BlobIndex index = target.index();
        Map<String, Long> packs = new HashMap<>();
        for (ObjectInfo object : DefaultRepository.list(target.storage(), DefaultRepository.DATA)) {
            packs.put(DefaultRepository.packName(object.key()), object.size());
        }
        Set<BlobId> seenTrees = new HashSet<>();
        Deque<Map.Entry<BlobId, String>> trees = new ArrayDeque<>();
        trees.add(Map.entry(root, ""));
        while (!trees.isEmpty()) {
            Map.Entry<BlobId, String> next = trees.poll();
            BlobId treeId = next.getKey();
            String path = next.getValue();
            if (!seenTrees.add(treeId)) {
                continue;
            }
            requireStored(index, packs, treeId, path);
            for (Node node : TreeFormat.decode(readBack(treeId, "tree", path), treeId.hex()).nodes()) {
                String nodePath = child(path, node);
                if (node.isDirectory()) {
                    trees.add(Map.entry(node.subtree(), nodePath));
                    continue;
                }
                for (BlobId blob : node.dataBlobs()) {
                    requireStored(index, packs, blob, nodePath);
                    if (verifyReadFraction > 0 && ThreadLocalRandom.current().nextDouble() < verifyReadFraction) {
                        inFlight(() -> {
                            readBack(blob, "data blob", nodePath);
                            blobsVerified.incrementAndGet();
                            return blob;
                        });
                    }
                }
            }
        }
        awaitInFlight();
    }

    private void requireStored(BlobIndex index, Map<String, Long> packs, BlobId blob, String path)
            throws RepositoryException {
        BlobIndex.Location location = index.locate(blob);
        if (location == null) {
            throw notVerified(path, "blob " + blob + " is not in the index");
        }
        Long size = packs.get(location.packHex());
        if (size == null || size != index.packSize(index.packNumber(location.packHex()))) {
            throw notVerified(path, "pack " + location.packHex() + " of blob " + blob
                    + (size == null ? " is missing from the storage" : " does not have its indexed size"));
        }
    }

    /** Reads a blob of the copy back from this repository's storage and checks it against its id. */
    private byte[] readBack(BlobId blob, String what, String path) throws IOException {
        byte[] plain;
        try {
            plain = target.readBlob(blob);
        } catch (RepositoryException e) {
            throw notVerified(path, e.getMessage());
        }
        if (!target.blobId(plain, 0, plain.length).equals(blob)) {
            throw notVerified(path, what + " " + blob + " does not match its id");
        }
        return plain;
    }

    private RepositoryException notVerified(String path, String problem) {
        return new RepositoryException(Reason.CORRUPT, "snapshot " + original.id() + ": the copy of '"
                + (path.isEmpty() ? "/" : path) + "' does not verify in the destination: " + problem
                + "; no snapshot was written");
    }

    // ---------------------------------------------------------------- the snapshot

    /**
     * The previous copy of the same source whose original is still there, newest first; {@code null}
     * for a first copy.
     */
    private Base base(List<SnapshotRef> existing) throws IOException {
        List<SnapshotRef> candidates = existing.stream()
                .filter(ref -> ref.snapshot().copyOf() != null && from.id().equals(ref.snapshot().copyOf().repository())
                        && Objects.equals(ref.snapshot().source(), original.snapshot().source()))
                .sorted(Comparator.comparing((SnapshotRef ref) -> ref.snapshot().time()).reversed())
                .toList();
        for (SnapshotRef copy : candidates) {
            String originalId = copy.snapshot().copyOf().snapshot();
            Optional<SnapshotRef> previous = from.snapshot(originalId).filter(ref -> ref.id().equals(originalId));
            if (previous.isPresent()) {
                return new Base(previous.get().snapshot().tree(), copy.snapshot().tree());
            }
        }
        return null;
    }

    private Snapshot snapshot(BlobId root, List<SnapshotRef> existing) {
        Snapshot of = original.snapshot();
        Snapshot.CopyOf parentOrigin = of.parent() == null ? null : new Snapshot.CopyOf(from.id(), of.parent());
        String parent = parentOrigin == null ? null
                : existing.stream().filter(ref -> parentOrigin.equals(ref.snapshot().copyOf())).map(SnapshotRef::id)
                        .findFirst().orElse(null);
        return new Snapshot(of.time(), of.hostname(), of.source(), of.sourcePath(), root, parent, of.checkpoint(),
                of.tags(), of.stats(), origin);
    }

    // ---------------------------------------------------------------- concurrency

    @FunctionalInterface
    private interface BlobTask {
        BlobId run() throws IOException;
    }

    /** Runs a task on a worker once fewer than the maximum are in flight; waits until then. */
    private CompletableFuture<BlobId> inFlight(BlobTask task) throws IOException {
        stopIfFailed();
        try {
            blobsInFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return task.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, workers).whenComplete((blob, problem) -> {
                if (problem != null && failure == null) {
                    failure = problem;
                }
                blobsInFlight.release();
            });
        } catch (RuntimeException e) {
            blobsInFlight.release();
            throw e;
        }
    }

    /** Waits until no task is in flight, then reports the first failure, if any. */
    private void awaitInFlight() throws IOException {
        try {
            blobsInFlight.acquire(maxBlobsInFlight);
            blobsInFlight.release(maxBlobsInFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
        stopIfFailed();
    }

    private void stopIfFailed() throws IOException {
        Throwable problem = failure;
        if (problem != null) {
            throw rethrown(problem);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
    }

    /** The failure as it was thrown: an IOException, or a runtime exception such as a cancellation. */
    private static IOException rethrown(Throwable problem) {
        Throwable cause = problem;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}
