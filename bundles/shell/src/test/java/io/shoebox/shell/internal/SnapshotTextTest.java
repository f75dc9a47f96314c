package io.shoebox.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.TargetLock;

class SnapshotTextTest {

    @Test
    void each_snapshot_shows_its_files_the_data_it_added_and_whether_it_is_a_checkpoint() {
        Instant time = Instant.parse("2026-03-01T03:00:00Z");
        SnapshotInfo complete = new SnapshotInfo("9d1c77aa5b6e4f00", time, "phone", null, false, List.of("policy:nightly"),
                Map.of("filesNew", 20L, "filesChanged", 1L, "filesUnchanged", 3L, "bytesAdded", 75_000_000L));
        SnapshotInfo checkpoint = new SnapshotInfo("0b7e11c2ffff", time.minusSeconds(600), "camera", null, true, List.of(),
                Map.of("filesNew", 7L, "bytesAdded", 2048L));
        SnapshotInfo withoutStats = new SnapshotInfo("5555aaaa", time.minusSeconds(3600), "phone", null, false, null, null);

        String table = SnapshotText.table(List.of(complete, checkpoint, withoutStats), ZoneOffset.UTC);

        assertThat(table.lines()).containsExactly(
                "ID        TIME                 SOURCE  FILES     ADDED  NOTE",
                "9d1c77aa  2026-03-01 03:00:00  phone      24  71.5 MiB  policy:nightly",
                "0b7e11c2  2026-03-01 02:50:00  camera      7   2.0 KiB  checkpoint",
                "5555aaaa  2026-03-01 02:00:00  phone       -         -");
    }

    @Test
    void each_lock_shows_its_holder_and_whether_it_is_stale() {
        Instant taken = Instant.parse("2026-03-01T03:00:00Z");
        TargetLock prune = new TargetLock("c0ffee11aa22bb33", true, "nas", 4242, taken, taken.plusSeconds(180), true,
                "exclusive lock held by nas (pid 4242): its process is gone");
        TargetLock backup = new TargetLock("beef0011", false, "laptop", 17, taken, taken.plusSeconds(240), false,
                "shared lock held by laptop (pid 17)");

        assertThat(SnapshotText.locks(List.of(prune, backup), ZoneOffset.UTC).lines()).containsExactly(
                "LOCK      KIND       HOLDER           TAKEN                FRESH UNTIL          STATE",
                "c0ffee11  exclusive  nas (pid 4242)   2026-03-01 03:00:00  2026-03-01 03:03:00  stale",
                "beef0011  shared     laptop (pid 17)  2026-03-01 03:00:00  2026-03-01 03:04:00  held");
        assertThat(SnapshotText.locks(List.of(), ZoneOffset.UTC)).startsWith("No locks");
    }
}
