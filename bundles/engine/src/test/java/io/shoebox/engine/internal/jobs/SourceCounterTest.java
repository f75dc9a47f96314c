package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;

/**
 * Counting a source for progress totals: the selected files and their bytes once the walk is done,
 * nothing when interrupted or when the walk fails, on a named daemon thread.
 */
class SourceCounterTest {

    private static final Instant MODIFIED = Instant.parse("2023-01-01T00:00:00Z");

    private final List<long[]> reported = new CopyOnWriteArrayList<>();

    @Test
    void the_selected_files_and_their_bytes_are_reported_once_the_walk_is_done() throws Exception {
        Source source = walking(visitor -> {
            visitor.folder(entry("Trip", 0));
            visitor.file(entry("Trip/a.jpg", 100));
            visitor.problem("Trip/locked", "permission denied");
            visitor.file(entry("Trip/b.jpg", 250));
            visitor.file(entry("Trip/.DS_Store", 6000));
        });

        Thread thread = new SourceCounter(source, entry -> !entry.path().endsWith(".DS_Store"), this::report).start();
        thread.join(5000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).startsWith("shoebox-backup-counter-");
        assertThat(reported).singleElement().satisfies(totals -> assertThat(totals).containsExactly(2, 350));
    }

    @Test
    void an_interrupted_count_stops_walking_and_reports_nothing() throws Exception {
        CountDownLatch walking = new CountDownLatch(1);
        Source endless = walking(visitor -> {
            walking.countDown();
            while (visitor.file(entry("a.jpg", 1))) {
                Thread.onSpinWait();
            }
        });

        Thread thread = new SourceCounter(endless, entry -> true, this::report).start();
        assertThat(walking.await(5, TimeUnit.SECONDS)).isTrue();
        thread.interrupt();
        thread.join(5000);

        assertThat(thread.isAlive()).as("stopped").isFalse();
        assertThat(reported).isEmpty();
    }

    @Test
    void a_walk_that_fails_reports_nothing() throws Exception {
        Source missing = walking(visitor -> {
            visitor.file(entry("a.jpg", 1));
            throw new IOException("the source's root is missing");
        });

        Thread thread = new SourceCounter(missing, entry -> true, this::report).start();
        thread.join(5000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(reported).isEmpty();
    }

    private void report(long files, long bytes) {
        reported.add(new long[] {files, bytes});
    }

    private static SourceEntry entry(String path, long size) {
        return new SourceEntry(path, size, MODIFIED, null);
    }

    /** What a test source does with the visitor of a walk. */
    private interface Walk {
        void walk(SourceVisitor visitor) throws IOException;
    }

    private static Source walking(Walk walk) {
        return new Source() {
            @Override
            public void walk(SourceVisitor visitor) throws IOException {
                walk.walk(visitor);
            }

            @Override
            public InputStream open(SourceEntry entry) throws IOException {
                throw new IOException("not readable in this test");
            }
        };
    }
}
