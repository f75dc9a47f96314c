package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.shoebox.api.snapshot.SnapshotInfo;

class ThumbnailTest extends CatalogFixture {

    private static final Instant DAY1 = Instant.parse("2024-03-01T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-03-02T02:00:00Z");

    @Test
    void aThumbnailIsReadFromTheRepositoryOnceAndThenFromTheCache() throws IOException {
        SnapshotInfo snapshot = snapshots.add("disk", "phone", DAY1, Files.photo("DCIM/IMG_1.JPG").thumbnail().file());
        catalog.sync("disk");
        String id = ItemIds.of("phone", "DCIM/IMG_1.JPG");
        assertThat(catalog.item(id).orElseThrow().hasThumbnail()).isTrue();

        byte[] first = catalog.thumbnail(id).orElseThrow();
        byte[] second = catalog.thumbnail(id).orElseThrow();

        assertThat(new String(first)).isEqualTo("jpeg of disk:" + snapshot.id() + ":DCIM/IMG_1.JPG");
        assertThat(second).isEqualTo(first);
        assertThat(snapshots.thumbnailReads).hasValue(1);
        assertThat(java.nio.file.Files.walk(folder.resolve("thumbnails")).filter(p -> p.toString().endsWith(".jpg")))
                .hasSize(1);

        snapshots.available("disk", false);
        assertThat(catalog.thumbnail(id)).contains(first);
    }

    @Test
    void theThumbnailOfANewerVersionReplacesTheCachedOne() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").content("v1", 1).thumbnail().file());
        catalog.sync("disk");
        String id = ItemIds.of("phone", "a.jpg");
        byte[] old = catalog.thumbnail(id).orElseThrow();
        SnapshotInfo newer = snapshots.add("disk", "phone", DAY2, Files.photo("a.jpg").content("v2", 2).thumbnail().file());
        catalog.sync("disk");

        assertThat(new String(catalog.thumbnail(id).orElseThrow())).isEqualTo("jpeg of disk:" + newer.id() + ":a.jpg")
                .isNotEqualTo(new String(old));
    }

    @Test
    void anItemWithoutThumbnailHasNone() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("notes.txt").file());
        catalog.sync("disk");

        assertThat(catalog.thumbnail(ItemIds.of("phone", "notes.txt"))).isEmpty();
        assertThat(snapshots.thumbnailReads).hasValue(0);
    }

    @Test
    void anUnknownItemIsNoSuchElementAndAnUnreadableTargetAnIOException() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").thumbnail().file());
        catalog.sync("disk");
        snapshots.available("disk", false);

        assertThatThrownBy(() -> catalog.thumbnail("0123")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> catalog.thumbnail(ItemIds.of("phone", "a.jpg"))).isInstanceOf(IOException.class)
                .hasMessageContaining("a.jpg");
    }

    @Test
    void anOlderVersionOnAnotherTargetServesWhenTheNewestTargetIsAway() throws IOException {
        SnapshotInfo old = snapshots.add("cloud", "phone", DAY1, Files.photo("a.jpg").content("c", 1).thumbnail().file());
        snapshots.add("disk", "phone", DAY2, Files.photo("a.jpg").content("d", 1).thumbnail().file());
        catalog.sync("cloud");
        catalog.sync("disk");
        snapshots.available("disk", false);

        assertThat(new String(catalog.thumbnail(ItemIds.of("phone", "a.jpg")).orElseThrow()))
                .isEqualTo("jpeg of cloud:" + old.id() + ":a.jpg");
    }
}
