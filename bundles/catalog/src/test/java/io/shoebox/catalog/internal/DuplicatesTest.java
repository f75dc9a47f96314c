package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.shoebox.api.catalog.DuplicateGroup;
import io.shoebox.api.catalog.DuplicatesReport;

class DuplicatesTest extends CatalogFixture {

    private static final Instant DAY1 = Instant.parse("2024-03-01T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-03-02T02:00:00Z");

    @Test
    void identicalFilesInTheNewestSnapshotOfEverySourceAreGroupedLargestWasteFirst() throws IOException {
        snapshots.add("disk", "phone", DAY1,
                Files.photo("DCIM/IMG_1.JPG").content("big", 5_000_000).file(),
                Files.photo("DCIM/old-copy.JPG").content("small", 10).file());
        snapshots.add("disk", "phone", DAY2,
                Files.photo("DCIM/IMG_1.JPG").content("big", 5_000_000).file(),
                Files.photo("Duplicates/IMG_1.JPG").content("big", 5_000_000).file(),
                Files.photo("DCIM/IMG_2.JPG").content("small", 1_000).file(),
                Files.photo("DCIM/IMG_2 copy.JPG").content("small", 1_000).file(),
                Files.photo("DCIM/IMG_2 copy 2.JPG").content("small", 1_000).file(),
                Files.photo("DCIM/unique.JPG").content("unique", 7).file());
        snapshots.add("disk", "export", DAY1, Files.photo("2024/IMG_1.JPG").content("big", 5_000_000).file());
        snapshots.add("cloud", "phone", DAY1, Files.photo("a.jpg").content("x", 1).file(),
                Files.photo("b.jpg").content("x", 1).file());
        catalog.sync("disk");
        catalog.sync("cloud");

        DuplicatesReport report = catalog.duplicates("disk");

        assertThat(report.target()).isEqualTo("disk");
        assertThat(report.groups()).containsExactly(
                new DuplicateGroup(5_000_000, java.util.List.of("export:2024/IMG_1.JPG", "phone:DCIM/IMG_1.JPG",
                        "phone:Duplicates/IMG_1.JPG")),
                new DuplicateGroup(1_000, java.util.List.of("phone:DCIM/IMG_2 copy 2.JPG", "phone:DCIM/IMG_2 copy.JPG",
                        "phone:DCIM/IMG_2.JPG")));
        assertThat(report.duplicateFiles()).isEqualTo(4);
        assertThat(report.savedBytes()).isEqualTo(2 * 5_000_000 + 2 * 1_000);
    }

    @Test
    void withoutATargetTheOneHoldingTheMostItemsIsReported() throws IOException {
        snapshots.add("small", "phone", DAY1, Files.photo("a.jpg").content("x", 1).file(),
                Files.photo("b.jpg").content("x", 1).file());
        snapshots.add("large", "phone", DAY1, Files.photo("a.jpg").file(), Files.photo("b.jpg").file(),
                Files.photo("c.jpg").file());
        catalog.sync("small");
        catalog.sync("large");

        DuplicatesReport report = catalog.duplicates(null);

        assertThat(report.target()).isEqualTo("large");
        assertThat(report.groups()).isEmpty();
        assertThat(report.savedBytes()).isZero();
    }

    @Test
    void anEmptyCatalogHasNoDuplicates() {
        assertThat(catalog.duplicates(null).groups()).isEmpty();
        assertThat(catalog.duplicates("nowhere").duplicateFiles()).isZero();
    }
}
