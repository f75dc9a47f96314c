package io.shoebox.engine.internal.snapshots;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.snapshot.Coverage;
import io.shoebox.api.snapshot.Coverage.TargetCoverage;
import io.shoebox.api.snapshot.CoverageService;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;
import io.shoebox.engine.internal.admin.SourceManager;
import io.shoebox.engine.internal.admin.TargetManager;

/**
 * Walks a source as it is now and the newest complete snapshot of it on each target, and names
 * every file that is not in the snapshot or differs from it. A file counts as the same when its
 * size and modification time match, as the backup itself decides.
 */
@Component(service = CoverageService.class)
public class SourceCoverage implements CoverageService {

    private final SourceManager sources;
    private final TargetManager targets;
    private final SnapshotService snapshots;

    @Activate
    public SourceCoverage(@Reference SourceManager sources, @Reference TargetManager targets,
            @Reference SnapshotService snapshots) {
        this.sources = sources;
        this.targets = targets;
        this.snapshots = snapshots;
    }

    private record Seen(long size, Instant modified) {
    }

    @Override
    public Coverage coverage(String sourceName) throws IOException {
        sources.get(sourceName).orElseThrow(() -> new NoSuchElementException("no source named '" + sourceName + "'"));
        Source source = sources.source(sourceName).orElseThrow(
                () -> new IOException("source " + sourceName + " is unavailable: "
                        + sources.get(sourceName).map(s -> s.reason()).orElse("it was removed")));
        Map<String, Seen> now = new HashMap<>();
        List<Coverage.Unreadable> unreadable = new ArrayList<>();
        long[] bytes = {0};
        source.walk(new SourceVisitor() {
            @Override
            public boolean file(SourceEntry entry) {
                now.put(entry.path(), new Seen(entry.size(), entry.modified()));
                bytes[0] += entry.size();
                return true;
            }

            @Override
            public void problem(String path, String message) {
                // what the walk cannot read, no backup has: it is not covered anywhere
                unreadable.add(new Coverage.Unreadable(path, message));
            }
        });
        unreadable.sort(Comparator.comparing(Coverage.Unreadable::path));
        List<TargetCoverage> covered = new ArrayList<>();
        List<TargetInfo> all = new ArrayList<>(targets.list());
        all.sort(Comparator.comparing(TargetInfo::name));
        for (TargetInfo target : all) {
            covered.add(compare(target.name(), sourceName, now));
        }
        return new Coverage(sourceName, now.size(), bytes[0], covered, unreadable);
    }

    private TargetCoverage compare(String target, String sourceName, Map<String, Seen> now) {
        SnapshotInfo newest;
        try {
            newest = snapshots.list(target).stream()
                    .filter(s -> sourceName.equals(s.source()) && !s.checkpoint()).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return new TargetCoverage(target, null, null, 0, List.of(), List.of(), problem(e));
        }
        if (newest == null) {
            List<String> missing = new ArrayList<>(now.keySet());
            missing.sort(null);
            return new TargetCoverage(target, null, null, 0, missing, List.of(), null);
        }
        Map<String, Seen> unseen = new HashMap<>(now);
        List<String> changed = new ArrayList<>();
        long[] backedUp = {0};
        try {
            snapshots.walk(target, newest.id(), file -> {
                Seen current = unseen.remove(file.path());
                if (current == null) {
                    return; // deleted from the source since: still kept in the snapshot
                }
                if (current.size() == file.size() && Objects.equals(current.modified(), file.modified())) {
                    backedUp[0]++;
                } else {
                    changed.add(file.path());
                }
            });
        } catch (IOException | RuntimeException e) {
            return new TargetCoverage(target, newest.id(), newest.time(), 0, List.of(), List.of(), problem(e));
        }
        List<String> missing = new ArrayList<>(unseen.keySet());
        missing.sort(null);
        changed.sort(null);
        return new TargetCoverage(target, newest.id(), newest.time(), backedUp[0], missing, changed, null);
    }

    private static String problem(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
