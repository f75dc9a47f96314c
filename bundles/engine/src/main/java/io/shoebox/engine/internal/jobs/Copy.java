package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.osgi.service.log.Logger;

import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.CopyListener;
import io.shoebox.repository.Repository.CopyResult;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.SnapshotRef;

/**
 * One copy run: chooses the snapshots of the source repository to copy and copies them oldest
 * first, so that each copy can take unchanged files over from the one before. A snapshot that fails
 * ends the run; those copied before it are complete and stay.
 */
final class Copy {

    /** The {@code snapshot} value that asks for every snapshot not copied yet. */
    static final String ALL = "all";

    private final Repository from;
    private final String fromTarget;
    private final Repository to;
    private final String toTarget;
    private final String selection;
    private final String onlySource;
    private final double verifyReadFraction;
    private final JobContext context;
    private final Logger log;

    private final List<Map<String, Object>> copied = new ArrayList<>();
    private final List<String> alreadyCopied = new ArrayList<>();
    private final AtomicLong filesKnown = new AtomicLong();
    private final AtomicLong bytesKnown = new AtomicLong();
    private long files;
    private long bytes;
    private long blobsRead;
    private long bytesRead;
    private long bytesAdded;
    private long bytesStored;
    private long blobsVerified;

    Copy(Repository from, String fromTarget, Repository to, String toTarget, String selection, String onlySource,
            double verifyReadFraction, JobContext context, Logger log) {
        this.from = from;
        this.fromTarget = fromTarget;
        this.to = to;
        this.toTarget = toTarget;
        this.selection = selection;
        this.onlySource = onlySource;
        this.verifyReadFraction = verifyReadFraction;
        this.context = context;
        this.log = log;
    }

    JobContext.Outcome run() throws IOException {
        try (RepositoryLock reading = from.lock(false); RepositoryLock writing = to.lock(false)) {
            Set<String> copiedBefore = to.snapshots().stream()
                    .filter(ref -> ref.snapshot().copyOf() != null && from.id().equals(ref.snapshot().copyOf().repository()))
                    .map(ref -> ref.snapshot().copyOf().snapshot()).collect(Collectors.toSet());
            List<SnapshotRef> wanted = selected();
            for (SnapshotRef snapshot : wanted) {
                context.checkCancelled();
                if (copiedBefore.contains(snapshot.id())) {
                    alreadyCopied.add(snapshot.id());
                    continue;
                }
                try {
                    copy(snapshot);
                } catch (IOException e) {
                    return JobContext.Outcome.failed(result(), e.getMessage() + (copied.isEmpty() ? ""
                            : " (the " + copied.size() + " snapshot(s) copied before it are complete)"));
                }
            }
            log.info("Copy from target {} to {}: {} snapshot(s) copied, {} already there", fromTarget, toTarget,
                    copied.size(), alreadyCopied.size());
            return JobContext.Outcome.succeeded(result());
        }
    }

    /** The snapshots asked for, oldest first. */
    private List<SnapshotRef> selected() throws IOException {
        if (ALL.equals(selection) || "latest".equals(selection)) {
            List<SnapshotRef> candidates = from.snapshots().stream()
                    .filter(ref -> !ref.snapshot().checkpoint())
                    .filter(ref -> onlySource == null || onlySource.equals(ref.snapshot().source()))
                    .toList();
            if (ALL.equals(selection)) {
                return candidates;
            }
            return List.of(candidates.stream().max(Comparator.comparing(ref -> ref.snapshot().time()))
                    .orElseThrow(() -> new NoSuchElementException("target " + fromTarget + " has no snapshot"
                            + (onlySource == null ? "" : " of source " + onlySource) + " to copy")));
        }
        SnapshotRef snapshot = Snapshots.resolve(from, selection);
        if (onlySource != null && !Objects.equals(onlySource, snapshot.snapshot().source())) {
            throw new NoSuchElementException("snapshot " + snapshot.id() + " is of source " + snapshot.snapshot().source()
                    + ", not " + onlySource);
        }
        return List.of(snapshot);
    }

    private void copy(SnapshotRef snapshot) throws IOException {
        CopyResult done = to.copySnapshot(from, snapshot, verifyReadFraction, new CopyListener() {
            @Override
            public void totals(long fileCount, long byteCount) {
                // each snapshot's totals become known as it starts; the job's grow with them
                context.totals(filesKnown.addAndGet(fileCount), bytesKnown.addAndGet(byteCount));
            }

            @Override
            public void fileDone(long fileBytes) {
                context.checkCancelled();
                context.fileDone(fileBytes);
            }
        });
        if (!done.copied()) {
            alreadyCopied.add(snapshot.id()); // copied by a run that overlapped this one
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("snapshot", snapshot.id());
        entry.put("copy", done.snapshotId());
        entry.put("source", snapshot.snapshot().source());
        entry.put("time", snapshot.snapshot().time().toString());
        copied.add(entry);
        files += done.files();
        bytes += done.bytes();
        blobsRead += done.blobsRead();
        bytesRead += done.bytesRead();
        bytesAdded += done.bytesAdded();
        bytesStored += done.bytesStored();
        blobsVerified += done.blobsVerified();
        log.info("Copied snapshot {} of target {} to target {} as {}: {} files, {} new bytes", snapshot.id(), fromTarget,
                toTarget, done.snapshotId(), done.files(), done.bytesAdded());
    }

    private Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("snapshotsCopied", copied);
        result.put("snapshotsAlreadyCopied", alreadyCopied);
        result.put("files", files);
        result.put("bytes", bytes);
        result.put("blobsRead", blobsRead);
        result.put("bytesRead", bytesRead);
        result.put("bytesAdded", bytesAdded);
        result.put("bytesStored", bytesStored);
        result.put("blobsVerified", blobsVerified);
        return result;
    }
}
