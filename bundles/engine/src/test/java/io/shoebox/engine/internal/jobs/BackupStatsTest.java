package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.shoebox.api.concurrent.Threads;

/**
 * A backup's statistics: the keys, their order and their values in the snapshot and in the job's
 * result stay as clients read them, and counts from many threads add up.
 */
class BackupStatsTest {

    @Test
    void the_result_has_the_keys_clients_read_in_their_order() {
        BackupStats stats = counted();

        Map<String, Object> result = stats.result("snap", "parent", 5000, 3, 2, 7);

        assertThat(result).containsExactly(Map.entry("snapshotId", "snap"), Map.entry("parentSnapshotId", "parent"),
                Map.entry("filesNew", 2L), Map.entry("filesChanged", 1L), Map.entry("filesUnchanged", 3L),
                Map.entry("filesSkipped", 1L), Map.entry("filesExcluded", 2L), Map.entry("bytesRead", 1500L),
                Map.entry("bytesAdded", 700L), Map.entry("bytesStored", 5000L), Map.entry("packsStored", 3L),
                Map.entry("checkpoints", 2), Map.entry("warnings", 7L));
        assertThat(stats.result("snap", null, 0, 0, 0, 0)).containsEntry("parentSnapshotId", null);
    }

    @Test
    void the_snapshot_keeps_the_counts_and_the_bytes_uploaded_in_their_order() {
        BackupStats stats = counted();

        assertThat(stats.snapshotStats(4096)).containsExactly(Map.entry("filesNew", 2L), Map.entry("filesChanged", 1L),
                Map.entry("filesUnchanged", 3L), Map.entry("filesSkipped", 1L), Map.entry("bytesRead", 1500L),
                Map.entry("bytesAdded", 700L), Map.entry("bytesUploaded", 4096L), Map.entry("filesExcluded", 2L));
        assertThat(stats.filesNew()).isEqualTo(2);
        assertThat(stats.filesChanged()).isEqualTo(1);
        assertThat(stats.filesUnchanged()).isEqualTo(3);
        assertThat(stats.filesBackedUp()).as("new, changed and unchanged").isEqualTo(6);
    }

    @Test
    void counts_from_many_threads_add_up() throws Exception {
        BackupStats stats = new BackupStats();
        ExecutorService pool = Threads.pool("stats-test", 4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        stats.fileStored(i % 2 == 0);
                        stats.bytesRead(3);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stats.filesBackedUp()).isEqualTo(40_000);
        assertThat(stats.filesChanged()).isEqualTo(20_000);
        assertThat(stats.snapshotStats(0)).containsEntry("bytesRead", 120_000L);
    }

    private static BackupStats counted() {
        BackupStats stats = new BackupStats();
        stats.fileStored(false);
        stats.fileStored(false);
        stats.fileStored(true);
        stats.fileUnchanged();
        stats.fileUnchanged();
        stats.fileUnchanged();
        stats.fileSkipped();
        stats.fileExcluded();
        stats.fileExcluded();
        stats.bytesRead(1000);
        stats.bytesRead(500);
        stats.bytesAdded(700);
        return stats;
    }
}
