package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.log.Logger;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.source.FileNames;
import io.shoebox.api.storage.StorageException;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;

/**
 * One restore run. Files are written to a temporary name beside their final place and renamed when
 * complete, with their mode, owner, extended attributes and times set, so an interrupted restore
 * never leaves a partial file under a real name. Nothing is ever written outside the destination:
 * every path is checked after resolving, and the folders on the way are checked for links that lead
 * out.
 *
 * <p>Damage in the repository costs only what it hits: a file whose data cannot be read intact (a
 * damaged or missing pack, a blob the index lost) is left out, or with {@link Damaged#ZERO} written
 * with the damaged ranges zeroed, and every other file is restored; a folder whose listing cannot be
 * read loses its contents only. Each such file is named, with the reason, in the warnings and the
 * result. A target that fails as a whole (unreachable, wrong credentials) and a destination that
 * cannot be written (a full disk) stop the restore.
 */
final class Restore {

    /** Blobs read and written at once: enough to keep a disk's or a remote target's queue full. */
    private static final int WORKERS = 8;
    /** Failures listed one by one in the result; all of them are counted. */
    static final int FAILURES_LISTED = 1000;

    enum Existing {
        SKIP, OVERWRITE, RENAME
    }

    /** What becomes of a file whose data is partly damaged or lost. */
    enum Damaged {
        /** Left out, and named in the warnings. */
        SKIP,
        /** Written with the unreadable ranges as zeros (a photo may still open), and named in the warnings. */
        ZERO
    }

    private record Planned(String path, Node node) {
    }

    private final Repository repository;
    private final String snapshotId;
    private final PathSelection selection;
    private final Path destination;
    private final Existing existing;
    private final Damaged damaged;
    private final JobContext context;
    private final Logger log;
    private final RestoredAttributes attributes;
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong renamed = new AtomicLong();
    private final AtomicLong zeroed = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final List<Map<String, Object>> failures = Collections.synchronizedList(new ArrayList<>());
    /** Tells this restore's temporary files from those of another restore into the same folder. */
    private final String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
    /** Files whose temporary twin is open: at most about one per worker. */
    private final Set<FileWrite> unfinished = ConcurrentHashMap.newKeySet();
    private Path realDestination;

    Restore(Repository repository, String snapshotId, PathSelection selection, Path destination, Existing existing,
            Damaged damaged, JobContext context, Logger log) {
        this.repository = repository;
        this.snapshotId = snapshotId;
        this.selection = selection;
        this.destination = destination;
        this.existing = existing;
        this.damaged = damaged;
        this.context = context;
        this.log = log;
        this.attributes = new RestoredAttributes(context::warn);
    }

    JobContext.Outcome run() throws IOException, InterruptedException {
        try (RepositoryLock lock = repository.lock(false)) {
            SnapshotRef snapshot = Snapshots.resolve(repository, snapshotId);
            List<Planned> files = new ArrayList<>();
            List<Planned> folders = new ArrayList<>();
            try {
                plan(snapshot.snapshot().tree(), "", files, folders);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            if (files.isEmpty() && folders.isEmpty() && failedCount.get() == 0) {
                throw new NoSuchElementException("nothing in snapshot " + snapshot.id() + " matches the files asked for");
            }
            long bytes = files.stream().mapToLong(f -> f.node().size()).sum();
            context.totals(files.size(), bytes);
            Files.createDirectories(destination);
            realDestination = destination.toRealPath();
            restoreAll(files);
            finishFolders(folders);
            log.info("Restored {} files of snapshot {} to {}; {} could not be restored", restored.get(), snapshot.id(),
                    destination, failedCount.get());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("snapshotId", snapshot.id());
            result.put("filesRestored", restored.get());
            result.put("filesSkipped", skipped.get());
            result.put("filesRenamed", renamed.get());
            result.put("filesFailed", failedCount.get());
            result.put("filesZeroFilled", zeroed.get());
            result.put("bytesRestored", context.progress().bytesDone());
            result.put("destination", destination.toString());
            synchronized (failures) {
                result.put("failed", List.copyOf(failures));
            }
            if (failedCount.get() > 0 && restored.get() == 0 && skipped.get() == 0) {
                return JobContext.Outcome.failed(result, "none of the files could be restored: "
                        + failures.get(0).get("reason"));
            }
            return JobContext.Outcome.succeeded(result);
        }
    }

    /** Walks the snapshot's folders for the selected files; a folder whose listing is damaged is named and left out. */
    private void plan(BlobId treeId, String prefix, List<Planned> files, List<Planned> folders) {
        Tree tree;
        try {
            tree = repository.readTree(treeId);
        } catch (IOException e) {
            if (!isDamage(e)) {
                throw new java.io.UncheckedIOException(e);
            }
            fail(prefix.isEmpty() ? "/" : prefix, "the folder's listing cannot be read (" + e.getMessage()
                    + "); nothing in it is restored");
            return;
        }
        for (Node node : tree.nodes()) {
            context.checkCancelled();
            String path = prefix.isEmpty() ? node.name() : prefix + "/" + node.name();
            if (node.isDirectory()) {
                if (selection.includes(path)) {
                    folders.add(new Planned(path, node));
                }
                if (selection.mayIncludeInside(path)) {
                    plan(node.subtree(), path, files, folders);
                }
            } else if (selection.includes(path)) {
                files.add(new Planned(path, node));
            }
        }
    }

    /**
     * A failure of the repository's data (damaged, or no longer there) as opposed to a failure to reach
     * the target at all: the first costs the file it hits, the second stops the restore.
     */
    private static boolean isDamage(IOException e) {
        return e instanceof RepositoryException
                || e instanceof StorageException storage && storage.kind() == StorageException.Kind.NOT_FOUND;
    }

    /** Names a file (or folder) that could not be restored. */
    private void fail(String path, String reason) {
        failedCount.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < FAILURES_LISTED) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("path", path);
                failure.put("reason", reason);
                failures.add(failure);
            }
        }
        context.warn(FileNames.display(path) + ": not restored: " + reason);
    }

    /**
     * Restores the files blob by blob on {@link #WORKERS} threads: each worker takes the next blob in plan
     * order, reads it and writes it at its place in its file's temporary twin. Neighbouring blobs of one
     * file are read at the same time, so a large video is not read one blob after another, and a disk's or
     * a remote target's queue stays full. Memory is bounded by one blob per worker.
     */
    private void restoreAll(List<Planned> files) throws IOException, InterruptedException {
        Schedule schedule = new Schedule(files);
        ExecutorService pool = Threads.pool("restore", WORKERS);
        Throwable failure = null;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(pool.submit(() -> {
                    schedule.work();
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
        } finally {
            pool.shutdownNow();
            schedule.discardUnfinished();
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    /** Hands out the blobs of all files in plan order; a failure that is not damage stops it. */
    private final class Schedule {

        private final List<Planned> files;
        private int nextFile;
        private FileWrite current;
        private int nextBlob;
        private boolean stopped;

        Schedule(List<Planned> files) {
            this.files = files;
        }

        void work() throws IOException {
            try {
                for (Piece piece; (piece = next()) != null;) {
                    context.checkCancelled();
                    piece.file().restore(piece.index());
                }
            } catch (IOException | RuntimeException | Error e) {
                stop();
                throw e;
            }
        }

        private synchronized Piece next() throws IOException {
            while (!stopped) {
                if (current != null && nextBlob < current.blobs.size()) {
                    return new Piece(current, nextBlob++);
                }
                if (nextFile == files.size()) {
                    return null;
                }
                current = begin(files.get(nextFile++));
                nextBlob = 0;
            }
            return null;
        }

        synchronized void stop() {
            stopped = true;
        }

        /** Removes the temporary twins of the files a failure or a cancel left incomplete. */
        void discardUnfinished() {
            for (FileWrite file : unfinished) {
                file.discard();
            }
        }
    }

    private record Piece(FileWrite file, int index) {
    }

    /**
     * Starts a file: settles what happens to a file already in its place, finds where each of its blobs
     * goes, and opens its temporary twin. Returns {@code null} for a file that is skipped or cannot be
     * restored at all; an empty file is complete at once.
     */
    private FileWrite begin(Planned file) throws IOException {
        Path target = inside(file.path());
        createFoldersInside(target.getParent(), file.path());
        String name = file.node().name();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            switch (existing) {
                case SKIP -> {
                    skipped.incrementAndGet();
                    context.fileDone(file.node().size());
                    return null;
                }
                case RENAME -> {
                    target = freeName(target, name);
                    renamed.incrementAndGet();
                }
                case OVERWRITE -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("cannot restore " + FileNames.display(file.path())
                                + ": a folder of that name exists");
                    }
                }
            }
        }
        long[] offsets = offsets(file);
        if (offsets == null) {
            context.fileDone(file.node().size());
            return null;
        }
        FileWrite write = new FileWrite(file, target, name, offsets);
        if (write.blobs.isEmpty()) {
            write.complete();
        }
        return write;
    }

    /**
     * Where each blob of a file starts, from the index; {@code null} (the file named as failed) when a
     * blob's length is unknown because the index lost it, unless zero-filling can place the one lost blob
     * between the others.
     */
    private long[] offsets(Planned file) {
        List<BlobId> blobs = file.node().content();
        long[] lengths = new long[blobs.size()];
        int unknown = -1;
        int unknownCount = 0;
        long known = 0;
        for (int i = 0; i < blobs.size(); i++) {
            try {
                lengths[i] = repository.blobLength(blobs.get(i));
                known += lengths[i];
            } catch (IOException e) {
                unknown = i;
                unknownCount++;
            }
        }
        if (unknownCount > 0) {
            long rest = file.node().size() - known;
            if (damaged != Damaged.ZERO || unknownCount > 1 || rest < 0) {
                fail(file.path(), unknownCount + " of its " + blobs.size() + " data blob(s) are missing from the"
                        + " repository");
                return null;
            }
            lengths[unknown] = rest;
        }
        long[] offsets = new long[blobs.size() + 1];
        for (int i = 0; i < blobs.size(); i++) {
            offsets[i + 1] = offsets[i] + lengths[i];
        }
        return offsets;
    }

    /** A file being written into its temporary twin, blob by blob, in any order. */
    private final class FileWrite {

        final Planned file;
        final List<BlobId> blobs;
        private final long[] offsets;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final AtomicInteger blobsLeft;
        private final AtomicLong written = new AtomicLong();
        private final AtomicLong zeros = new AtomicLong();
        /** Why the file cannot be restored intact (the first damaged blob), or null. */
        private volatile String damage;

        FileWrite(Planned file, Path target, String name, long[] offsets) throws IOException {
            this.file = file;
            this.blobs = file.node().content();
            this.offsets = offsets;
            this.target = target;
            this.temp = FileNames.resolve(target.getParent(), ".shoebox-restore-" + token + "-" + name);
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            this.blobsLeft = new AtomicInteger(blobs.size());
            unfinished.add(this);
        }

        /** Reads blob {@code index} and writes it at its place; damage is noted, not thrown. */
        void restore(int index) throws IOException {
            long offset = offsets[index];
            long length = offsets[index + 1] - offset;
            if (damage == null || damaged == Damaged.ZERO) {
                try {
                    byte[] data = repository.readBlob(blobs.get(index));
                    ByteBuffer buffer = ByteBuffer.wrap(data);
                    for (long position = offset; buffer.hasRemaining();) {
                        position += channel.write(buffer, position);
                    }
                    written.addAndGet(data.length);
                } catch (IOException e) {
                    if (!isDamage(e)) {
                        throw e;
                    }
                    if (damage == null) {
                        damage = e.getMessage();
                    }
                    zeros.addAndGet(length);
                }
            }
            context.bytesDone(length);
            if (blobsLeft.decrementAndGet() == 0) {
                complete();
            }
        }

        /**
         * Closes the twin and, when it holds the snapshot's bytes (or, zero-filling, their intact part),
         * sets its attributes and renames it into place; a damaged file is otherwise named and removed.
         */
        void complete() throws IOException {
            try {
                if (damage != null && damaged == Damaged.SKIP) {
                    fail(file.path(), damage);
                    return;
                }
                long size = file.node().size();
                if (written.get() + zeros.get() != size) {
                    fail(file.path(), "its data in the snapshot has " + (written.get() + zeros.get())
                            + " bytes where the snapshot records " + size);
                    return;
                }
                if (zeros.get() > 0 && channel.size() < size) {
                    channel.write(ByteBuffer.allocate(1), size - 1); // the zeroed range ends the file
                }
                channel.close();
                attributes.apply(temp, file.node());
                if (!move(temp, target)) {
                    return;
                }
                if (damage != null) {
                    zeroed.incrementAndGet();
                    context.warn(FileNames.display(file.path()) + ": restored with " + zeros.get()
                            + " damaged bytes written as zeros: " + damage);
                }
                restored.incrementAndGet();
            } finally {
                unfinished.remove(this);
                channel.close();
                Files.deleteIfExists(temp);
                context.fileDone(0);
            }
        }

        void discard() {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("Could not remove the incomplete {}: {}", temp, e.getMessage());
            }
        }
    }

    /**
     * Creates the selected folders that are still missing (an empty folder is restored too) and sets their
     * attributes, deepest first, after every file in them is written: a folder's times and a read-only
     * mode would otherwise be undone or get in the way.
     */
    private void finishFolders(List<Planned> folders) throws IOException {
        List<Planned> deepestFirst = new ArrayList<>(folders);
        deepestFirst.sort(Comparator.comparingLong((Planned folder) -> folder.path().chars().filter(c -> c == '/').count())
                .reversed());
        for (Planned folder : deepestFirst) {
            context.checkCancelled();
            Path path = inside(folder.path());
            createFoldersInside(path, folder.path());
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                fail(folder.path(), "a file of that name is in the way of the folder");
                continue;
            }
            attributes.apply(path, folder.node());
        }
    }

    /**
     * Creates the folders on the way to a file, after checking that the deepest one already there (a
     * link to a folder included) is inside the destination, so that nothing, not even a folder, is
     * created elsewhere.
     */
    private void createFoldersInside(Path folder, String file) throws IOException {
        Path existingFolder = folder;
        while (!Files.exists(existingFolder)) {
            existingFolder = existingFolder.getParent();
        }
        refuseOutside(existingFolder, file);
        Files.createDirectories(folder);
        refuseOutside(folder, file);
    }

    private void refuseOutside(Path folder, String file) throws IOException {
        if (!folder.toRealPath().startsWith(realDestination)) {
            throw new IOException("refusing to restore " + FileNames.display(file) + ": a folder on its way leads outside "
                    + destination);
        }
    }

    /** The file's place under the destination, byte for byte; refuses any path that would leave it. */
    private Path inside(String relative) throws IOException {
        Path target = FileNames.resolve(destination, relative).normalize();
        if (!target.startsWith(destination) || target.equals(destination)) {
            throw new IOException("refusing to restore '" + FileNames.display(relative) + "': it would be written outside "
                    + destination);
        }
        return target;
    }

    private static Path freeName(Path target, String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int i = 1;; i++) {
            Path candidate = FileNames.resolve(target.getParent(), stem + " (restored " + i + ")" + extension);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    /** Puts the finished twin in place; false when a file appeared there meanwhile and is kept. */
    private boolean move(Path temp, Path target) throws IOException {
        try {
            if (existing == Existing.OVERWRITE) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            skipped.incrementAndGet();
            return false;
        }
        return true;
    }
}
