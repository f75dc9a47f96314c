package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.util.function.Predicate;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;

/**
 * Counts the files and bytes of a source that a backup takes, on a thread of its own beside the
 * backup, for progress totals. Totals are reported once, when the walk is complete; an interrupted
 * or failed count reports nothing (the backup's own walk reports the problem).
 */
final class SourceCounter implements Runnable {

    /** Receives the totals. */
    @FunctionalInterface
    interface Totals {
        void report(long files, long bytes);
    }

    private final Source source;
    private final Predicate<SourceEntry> selection;
    private final Totals totals;

    /** @param selection which files of the source count */
    SourceCounter(Source source, Predicate<SourceEntry> selection, Totals totals) {
        this.source = source;
        this.selection = selection;
        this.totals = totals;
    }

    /** Starts counting on a daemon thread; interrupt it to stop. */
    Thread start() {
        return Threads.start("backup-counter", this);
    }

    @Override
    public void run() {
        long[] counted = {0, 0};
        try {
            source.walk(new SourceVisitor() {
                @Override
                public boolean file(SourceEntry entry) {
                    if (!selection.test(entry)) {
                        return !Thread.currentThread().isInterrupted();
                    }
                    counted[0]++;
                    counted[1] += entry.size();
                    return !Thread.currentThread().isInterrupted();
                }

                @Override
                public void problem(String path, String message) {
                    // reported by the backup's own walk
                }
            });
            if (!Thread.currentThread().isInterrupted()) {
                totals.report(counted[0], counted[1]);
            }
        } catch (IOException | RuntimeException e) {
            // totals stay unknown; the backup reports the real problem
        }
    }
}
