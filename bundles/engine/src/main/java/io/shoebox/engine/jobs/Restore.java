package io.shoebox.engine.jobs;

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
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.log.Logger;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;

/**
 * One restore run. Files are written to a temporary name beside their final place and renamed when
 * complete, with their modification time set, so an interrupted restore never leaves a partial
 * file under a real name. Nothing is ever written outside the destination: every path is checked
 * after resolving, and the folders on the way are checked for links that lead out.
 */
final class Restore {

    /** Blobs read and written at once: enough to keep a disk's or a remote target's queue full. */
    private static final int WORKERS = 8;

    enum Existing {
        SKIP, OVERWRITE, RENAME
    }

    private record Planned(String path, Node node) {
    }

    private final Repository repository;
    private final String snapshotId;
    private final PathSelection selection;
    private final Path destination;
    private final Existing existing;
    private final JobContext context;
    private final Logger log;
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong renamed = new AtomicLong();
    /** Tells this restore's temporary files from those of another restore into the same folder. */
    private final String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
    /** Files whose temporary twin is open: at most about one per worker. */
    private final Set<FileWrite> unfinished = ConcurrentHashMap.newKeySet();
    private Path realDestination;

    Restore(Repository repository, String snapshotId, PathSelection selection, Path destination, Existing existing,
            JobContext context, Logger log) {
        this.repository = repository;
        this.snapshotId = snapshotId;
        this.selection = selection;
        this.destination = destination;
        this.existing = existing;
        this.context = context;
        this.log = log;
    }

    JobContext.Outcome run() throws IOException, InterruptedException {
        try (RepositoryLock lock = repository.lock(false)) {
            SnapshotRef snapshot = Snapshots.resolve(repository, snapshotId);
            List<Planned> files = new ArrayList<>();
            plan(repository.readTree(snapshot.snapshot().tree()), "", files);
            if (files.isEmpty()) {
                throw new NoSuchElementException("nothing in snapshot " + snapshot.id() + " matches the files asked for");
            }
            long bytes = files.stream().mapToLong(f -> f.node().size()).sum();
            context.totals(files.size(), bytes);
            Files.createDirectories(destination);
            realDestination = destination.toRealPath();
            restoreAll(files);
            log.info("Restored {} files of snapshot {} to {}", restored.get(), snapshot.id(), destination);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("snapshotId", snapshot.id());
            result.put("filesRestored", restored.get());
            result.put("filesSkipped", skipped.get());
            result.put("filesRenamed", renamed.get());
            result.put("bytesRestored", context.progress().bytesDone());
            result.put("destination", destination.toString());
            return JobContext.Outcome.succeeded(result);
        }
    }

    private void plan(Tree tree, String prefix, List<Planned> files) throws IOException {
        for (Node node : tree.nodes()) {
            context.checkCancelled();
            String path = prefix.isEmpty() ? node.name() : prefix + "/" + node.name();
            if (node.isDirectory()) {
                if (selection.mayIncludeInside(path)) {
                    plan(repository.readTree(node.subtree()), path, files);
                }
            } else if (selection.includes(path)) {
                files.add(new Planned(path, node));
            }
        }
    }

    /**
     * Restores the files blob by blob on {@link #WORKERS} threads: each worker takes the next blob in plan
     * order, reads it and writes it at its place in its file's temporary twin. Neighbouring blobs of one
     * file are read at the same time, so a large video is not read one blob after another, and a disk's or
     * a remote target's queue stays full. Memory is bounded by one blob per worker.
     */
    private void restoreAll(List<Planned> files) throws IOException, InterruptedException {
        Schedule schedule = new Schedule(files);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread thread = new Thread(r, "shoebox-restore-worker");
            thread.setDaemon(true);
            return thread;
        });
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

    /** Hands out the blobs of all files in plan order; the first failure stops it. */
    private final class Schedule {

        private final List<Planned> files;
        private int nextFile;
        private FileWrite current;
        private int nextBlob;
        private long nextOffset;
        private boolean stopped;

        Schedule(List<Planned> files) {
            this.files = files;
        }

        void work() throws IOException {
            try {
                for (Piece piece; (piece = next()) != null;) {
                    context.checkCancelled();
                    piece.file().write(piece.blob(), piece.offset());
                }
            } catch (IOException | RuntimeException | Error e) {
                stop();
                throw e;
            }
        }

        private synchronized Piece next() throws IOException {
            while (!stopped) {
                if (current != null && nextBlob < current.blobs.size()) {
                    BlobId blob = current.blobs.get(nextBlob++);
                    long offset = nextOffset;
                    nextOffset += repository.blobLength(blob);
                    return new Piece(current, blob, offset);
                }
                if (nextFile == files.size()) {
                    return null;
                }
                current = begin(files.get(nextFile++));
                nextBlob = 0;
                nextOffset = 0;
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

    private record Piece(FileWrite file, BlobId blob, long offset) {
    }

    /**
     * Starts a file: settles what happens to a file already in its place, and opens its temporary twin.
     * Returns {@code null} for a file that is skipped; an empty file is complete at once.
     */
    private FileWrite begin(Planned file) throws IOException {
        Path target = inside(file.path());
        createFoldersInside(target.getParent(), file.path());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            switch (existing) {
                case SKIP -> {
                    skipped.incrementAndGet();
                    context.fileDone(file.node().size());
                    return null;
                }
                case RENAME -> {
                    target = freeName(target);
                    renamed.incrementAndGet();
                }
                case OVERWRITE -> {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("cannot restore " + file.path() + ": a folder of that name exists");
                    }
                }
            }
        }
        FileWrite write = new FileWrite(file, target);
        if (write.blobs.isEmpty()) {
            write.complete();
        }
        return write;
    }

    /** A file being written into its temporary twin, blob by blob, in any order. */
    private final class FileWrite {

        final Planned file;
        final List<BlobId> blobs;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final AtomicInteger blobsLeft;
        private final AtomicLong written = new AtomicLong();

        FileWrite(Planned file, Path target) throws IOException {
            this.file = file;
            this.blobs = file.node().content();
            this.target = target;
            this.temp = target.resolveSibling(".shoebox-restore-" + token + "-" + target.getFileName());
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            this.blobsLeft = new AtomicInteger(blobs.size());
            unfinished.add(this);
        }

        void write(BlobId blob, long offset) throws IOException {
            byte[] data = repository.readBlob(blob);
            ByteBuffer buffer = ByteBuffer.wrap(data);
            for (long position = offset; buffer.hasRemaining();) {
                position += channel.write(buffer, position);
            }
            written.addAndGet(data.length);
            context.bytesDone(data.length);
            if (blobsLeft.decrementAndGet() == 0) {
                complete();
            }
        }

        /** Closes the twin and, when it holds exactly the snapshot's bytes, renames it into place. */
        void complete() throws IOException {
            try {
                channel.close();
                if (written.get() != file.node().size()) {
                    throw new IOException("snapshot data of " + file.path() + " has " + written.get()
                            + " bytes, the snapshot records " + file.node().size());
                }
                if (file.node().mtime() != null) {
                    Files.setLastModifiedTime(temp, FileTime.from(file.node().mtime()));
                }
                move(temp, target);
            } finally {
                unfinished.remove(this);
                Files.deleteIfExists(temp);
            }
            restored.incrementAndGet();
            context.fileDone(0);
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
            throw new IOException("refusing to restore " + file + ": a folder on its way leads outside " + destination);
        }
    }

    /** The file's place under the destination; refuses any path that would leave it. */
    private Path inside(String relative) throws IOException {
        Path target = destination.resolve(relative).normalize();
        if (!target.startsWith(destination) || target.equals(destination)) {
            throw new IOException("refusing to restore '" + relative + "': it would be written outside " + destination);
        }
        return target;
    }

    private static Path freeName(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int i = 1;; i++) {
            Path candidate = target.resolveSibling(stem + " (restored " + i + ")" + extension);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }

    private void move(Path temp, Path target) throws IOException {
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
        }
    }
}
