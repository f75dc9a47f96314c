package io.shoebox.catalog.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.shoebox.api.snapshot.RepositoryInfo;
import io.shoebox.api.snapshot.SnapshotEntry;
import io.shoebox.api.snapshot.SnapshotFile;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;

/** Targets and their snapshots in memory, walked depth first in name order like the engine's. */
final class MemorySnapshots implements SnapshotService {

    private record Stored(SnapshotInfo info, List<SnapshotFile> files) {
    }

    private final Map<String, List<Stored>> targets = new LinkedHashMap<>();
    private final Set<String> unavailable = new TreeSet<>();
    private final Set<String> unreachable = new TreeSet<>();
    private final Set<String> unopenable = new TreeSet<>();
    private final AtomicInteger ids = new AtomicInteger();
    final AtomicInteger thumbnailReads = new AtomicInteger();
    /** Runs before every walk; a test can block or fail walks with it. */
    volatile Consumer<String> beforeWalk = snapshotId -> { };
    /** Runs before each file a walk visits, with how many it visited before; a test can cut a walk short with it. */
    volatile java.util.function.IntConsumer beforeFile = visited -> { };

    SnapshotInfo add(String target, String source, Instant time, SnapshotFile... files) {
        return add(target, source, time, false, files);
    }

    SnapshotInfo add(String target, String source, Instant time, boolean checkpoint, SnapshotFile... files) {
        SnapshotInfo info = new SnapshotInfo(String.format("%s-%s-%03d", target, source, ids.incrementAndGet()), time,
                source, null, checkpoint, List.of(), Map.of());
        targets.computeIfAbsent(target, t -> new ArrayList<>()).add(new Stored(info, List.of(files)));
        return info;
    }

    void remove(String target, String snapshotId) {
        targets.get(target).removeIf(s -> s.info().id().equals(snapshotId));
    }

    void available(String target, boolean available) {
        if (available) {
            unavailable.remove(target);
        } else {
            unavailable.add(target);
        }
    }

    /** Makes reads of a target fail while it is still listed as available, as when its server has just gone away. */
    void unreachable(String target) {
        unreachable.add(target);
    }

    /** Makes reads of a target fail as when its sealed password belongs to another server's key. */
    void unopenable(String target) {
        unopenable.add(target);
    }

    Set<String> availableTargets() {
        Set<String> names = new TreeSet<>(targets.keySet());
        names.removeAll(unavailable);
        return names;
    }

    @Override
    public List<SnapshotInfo> list(String target) throws IOException {
        return stored(target).stream().map(Stored::info).sorted(Comparator.comparing(SnapshotInfo::time).reversed())
                .toList();
    }

    @Override
    public void walk(String target, String snapshotId, Consumer<SnapshotFile> visitor) throws IOException {
        Stored snapshot = snapshot(target, snapshotId);
        beforeWalk.accept(snapshotId);
        AtomicInteger visited = new AtomicInteger();
        snapshot.files().stream().sorted(Comparator.comparing(f -> Arrays.asList(f.path().split("/")), MemorySnapshots::byName))
                .forEach(file -> {
                    beforeFile.accept(visited.getAndIncrement());
                    visitor.accept(file);
                });
    }

    @Override
    public Optional<byte[]> thumbnail(String target, String snapshotId, String path) throws IOException {
        SnapshotFile file = snapshot(target, snapshotId).files().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no file " + path));
        thumbnailReads.incrementAndGet();
        return file.thumbnail() ? Optional.of(("jpeg of " + target + ":" + snapshotId + ":" + path).getBytes()) : Optional.empty();
    }

    private Stored snapshot(String target, String snapshotId) throws IOException {
        return stored(target).stream().filter(s -> s.info().id().equals(snapshotId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no snapshot " + snapshotId));
    }

    private List<Stored> stored(String target) throws IOException {
        List<Stored> snapshots = targets.get(target);
        if (snapshots == null) {
            throw new NoSuchElementException("no target " + target);
        }
        if (unavailable.contains(target)) {
            throw new IOException("target " + target + " is unavailable");
        }
        if (unreachable.contains(target)) {
            throw new IOException("cannot connect to the server of target " + target);
        }
        if (unopenable.contains(target)) {
            throw new IllegalArgumentException("a sealed secret cannot be opened with this server's key");
        }
        return snapshots;
    }

    private static int byName(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public List<io.shoebox.api.snapshot.TargetLock> locks(String target) {
        return List.of(); // nothing here ever locks
    }

    @Override
    public RepositoryInfo repository(String target) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SnapshotEntry> listFolder(String target, String snapshotId, String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SnapshotEntry readFile(String target, String snapshotId, String path, OutputStream out) {
        throw new UnsupportedOperationException();
    }
}
