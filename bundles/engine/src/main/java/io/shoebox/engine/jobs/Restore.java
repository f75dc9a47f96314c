package io.shoebox.engine.jobs;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private void restoreAll(List<Planned> files) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread thread = new Thread(r, "shoebox-restore-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (Planned file : files) {
                tasks.add(pool.submit(() -> {
                    restore(file);
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void restore(Planned file) throws IOException {
        context.checkCancelled();
        Path target = inside(file.path());
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(realDestination)) {
            throw new IOException("refusing to restore " + file.path() + ": a folder on its way leads outside " + destination);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            switch (existing) {
                case SKIP -> {
                    skipped.incrementAndGet();
                    context.fileDone(file.node().size());
                    return;
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
        Path temp = target.resolveSibling(".shoebox-restore-" + Thread.currentThread().getId() + "-" + target.getFileName());
        try {
            long written = 0;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                for (BlobId blob : file.node().content()) {
                    context.checkCancelled();
                    byte[] data = repository.readBlob(blob);
                    out.write(data);
                    written += data.length;
                    context.bytesDone(data.length);
                }
            }
            if (written != file.node().size()) {
                throw new IOException("snapshot data of " + file.path() + " has " + written + " bytes, the snapshot records "
                        + file.node().size());
            }
            if (file.node().mtime() != null) {
                Files.setLastModifiedTime(temp, FileTime.from(file.node().mtime()));
            }
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        restored.incrementAndGet();
        context.fileDone(0);
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
