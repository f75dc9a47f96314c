package io.shoebox.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.catalog.CatalogStatus;
import io.shoebox.api.snapshot.Coverage;
import io.shoebox.api.snapshot.CoverageService;

/**
 * {@code shoebox:catalog} (its state, and {@code rebuild} from the repositories) and
 * {@code shoebox:coverage} (is everything of a source backed up?). Present only while the catalog
 * is installed.
 */
@Component(service = CatalogCommands.class)
@GogoCommand(scope = "shoebox", function = {"catalog", "coverage"})
public class CatalogCommands {

    /** Paths listed per target before the rest is only counted. */
    static final int LISTED = 20;

    private final CatalogService catalog;
    private final CoverageService coverage;

    @Activate
    public CatalogCommands(@Reference CatalogService catalog, @Reference CoverageService coverage) {
        this.catalog = catalog;
        this.coverage = coverage;
    }

    @Descriptor("show the catalog's state")
    public void catalog() {
        print(System.out, catalog.status());
    }

    @Descriptor("catalog rebuild: drop the catalog and read every snapshot of every available target again")
    public void catalog(@Descriptor("rebuild") String action) throws IOException {
        if (!action.equals("rebuild")) {
            throw new IllegalArgumentException("unknown action '" + action + "'; the action is: rebuild");
        }
        long started = System.nanoTime();
        CatalogStatus status = catalog.rebuild();
        print(System.out, status);
        System.out.printf("rebuilt in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Descriptor("compare a source's files now with its newest snapshot on every target")
    public void coverage(@Descriptor("source name") String source) throws IOException {
        Coverage report = coverage.coverage(source);
        PrintStream out = System.out;
        out.printf("%s: %,d files now%n", report.source(), report.files());
        for (Coverage.TargetCoverage target : report.targets()) {
            if (target.problem() != null) {
                out.printf("  %s: cannot tell (%s)%n", target.target(), target.problem());
            } else if (target.snapshotId() == null) {
                out.printf("  %s: never backed up%n", target.target());
            } else {
                out.printf("  %s: %s, %,d backed up, %,d missing, %,d changed since snapshot %s%n", target.target(),
                        target.complete() ? "complete" : "INCOMPLETE", target.backedUp(), target.missing().size(),
                        target.changed().size(), Formats.shortId(target.snapshotId()));
                list(out, "missing", target.missing());
                list(out, "changed", target.changed());
            }
        }
    }

    private static void list(PrintStream out, String label, List<String> paths) {
        paths.stream().limit(LISTED).forEach(path -> out.printf("    %s  %s%n", label, path));
        if (paths.size() > LISTED) {
            out.printf("    ... and %,d more %s%n", paths.size() - LISTED, label);
        }
    }

    private static void print(PrintStream out, CatalogStatus status) {
        out.printf("items %,d from %,d snapshots%s%s%n", status.items(), status.snapshots(),
                status.rebuilding() ? ", rebuilding" : "",
                status.lastRebuild() == null ? "" : ", last rebuilt " + status.lastRebuild());
        status.unreadTargets().forEach((target, why) -> out.printf("  target %s could not be read: %s%n", target, why));
    }
}
