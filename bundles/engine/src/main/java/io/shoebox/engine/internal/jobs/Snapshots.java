package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;

import io.shoebox.repository.Repository;
import io.shoebox.repository.SnapshotRef;

/** Finding snapshots by id, unique id prefix, or {@code latest}. */
public final class Snapshots {

    private Snapshots() {
    }

    public static SnapshotRef resolve(Repository repository, String id) throws IOException {
        List<SnapshotRef> all = repository.snapshots();
        if ("latest".equals(id)) {
            return all.stream().filter(s -> !s.snapshot().checkpoint()).max(Comparator.comparing(s -> s.snapshot().time()))
                    .orElseThrow(() -> new NoSuchElementException("the repository has no snapshot yet"));
        }
        List<SnapshotRef> matching = all.stream().filter(s -> s.id().startsWith(id)).toList();
        if (matching.isEmpty() || id.length() < 4) {
            throw new NoSuchElementException("no snapshot " + id);
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException("snapshot id prefix " + id + " is ambiguous; give more of it");
        }
        return matching.get(0);
    }
}
