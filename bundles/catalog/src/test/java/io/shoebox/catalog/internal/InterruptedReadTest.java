package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.snapshot.SnapshotFile;

/** A snapshot is committed in batches; a read cut short leaves the catalog as it was before it. */
class InterruptedReadTest extends CatalogFixture {

    private static final Instant DAY1 = Instant.parse("2024-03-01T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-03-02T02:00:00Z");

    private int commitEvery;

    @BeforeEach
    void smallBatches() {
        commitEvery = SnapshotIndexer.commitEvery;
        SnapshotIndexer.commitEvery = SnapshotIndexer.BATCH;
    }

    @AfterEach
    void restoreBatches() {
        SnapshotIndexer.commitEvery = commitEvery;
    }

    private static SnapshotFile[] library(String model, int count) {
        SnapshotFile[] files = new SnapshotFile[count];
        for (int i = 0; i < count; i++) {
            files[i] = Files.photo(String.format("DCIM/%03dAPPLE/IMG_%04d.JPG", 100 + i / 1000, i))
                    .camera("Apple", i % 2 == 0 ? model : "iPhone 8").file();
        }
        return files;
    }

    @Test
    void aReadThatFailsHalfWayIsUndoneAndTheSnapshotLeftUnread() throws IOException {
        snapshots.add("disk", "phone", DAY1, library("iPhone 12", 3000));
        catalog.sync("disk");
        List<CatalogItem> before = all();
        snapshots.add("disk", "phone", DAY2, library("iPhone 15", 3500));
        snapshots.beforeFile = visited -> {
            if (visited == 2500) {
                throw new IllegalStateException("damaged tree");
            }
        };

        catalog.sync("disk");

        assertThat(all()).isEqualTo(before);
        assertThat(catalog.status().snapshots()).isEqualTo(1);
        assertThat(catalog.status().items()).isEqualTo(3000);
    }

    @Test
    void aReadCutShortByACrashIsUndoneAtTheNextStartAndDoneAgain() throws IOException, SQLException {
        snapshots.add("disk", "phone", DAY1, library("iPhone 12", 3000));
        catalog.sync("disk");
        snapshots.add("disk", "phone", DAY2, library("iPhone 15", 3500));
        snapshots.beforeFile = visited -> {
            if (visited == 2500) {
                throw new OutOfMemoryError("simulated crash");
            }
        };
        assertThatThrownBy(() -> catalog.sync("disk")).isInstanceOf(OutOfMemoryError.class);
        catalog.close();
        snapshots.beforeFile = visited -> { };

        catalog = open();
        catalog.sync("disk");

        List<CatalogItem> incremental = all();
        assertThat(catalog.status().items()).isEqualTo(3500);
        assertThat(item("phone", "DCIM/100APPLE/IMG_0000.JPG").versions()).hasSize(2);
        catalog.rebuild();
        assertThat(all()).isEqualTo(incremental);
    }
}
