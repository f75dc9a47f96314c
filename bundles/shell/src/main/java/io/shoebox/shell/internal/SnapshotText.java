package io.shoebox.shell.internal;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.TargetLock;

/** Snapshots of a target, one line each. */
final class SnapshotText {

    private SnapshotText() {
    }

    /**
     * A snapshot records what its backup did, not the size of everything it holds, so the table
     * shows the files it holds and the data it added to the repository.
     */
    static String table(List<SnapshotInfo> snapshots, ZoneId zone) {
        TextTable table = new TextTable("ID", "TIME", "SOURCE", "FILES", "ADDED", "NOTE").alignRight(3, 4);
        for (SnapshotInfo snapshot : snapshots) {
            Map<String, Long> stats = snapshot.stats() == null ? Map.of() : snapshot.stats();
            table.row(Formats.shortId(snapshot.id()), Formats.time(snapshot.time(), zone), snapshot.source(),
                    files(stats), stats.containsKey("bytesAdded") ? Formats.size(stats.get("bytesAdded")) : null,
                    snapshot.checkpoint() ? "checkpoint" : snapshot.tags() == null || snapshot.tags().isEmpty()
                            ? "" : String.join(",", snapshot.tags()));
        }
        return table.render();
    }

    /** The locks on a repository, one line each, stale ones marked. */
    static String locks(List<TargetLock> locks, ZoneId zone) {
        if (locks.isEmpty()) {
            return "No locks: nothing is using the repository.\n";
        }
        TextTable table = new TextTable("LOCK", "KIND", "HOLDER", "TAKEN", "FRESH UNTIL", "STATE");
        for (TargetLock lock : locks) {
            table.row(Formats.shortId(lock.id()), lock.exclusive() ? "exclusive" : "shared",
                    lock.hostname() + " (pid " + lock.pid() + ")", Formats.time(lock.created(), zone),
                    Formats.time(lock.expires(), zone), lock.stale() ? "stale" : "held");
        }
        return table.render();
    }

    /** Files the snapshot holds: those its backup found new, changed or unchanged. */
    static String files(Map<String, Long> stats) {
        if (!stats.containsKey("filesNew") && !stats.containsKey("filesUnchanged")) {
            return null;
        }
        long files = stats.getOrDefault("filesNew", 0L) + stats.getOrDefault("filesChanged", 0L)
                + stats.getOrDefault("filesUnchanged", 0L);
        return Long.toString(files);
    }
}
