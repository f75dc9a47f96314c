package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.CatalogStatus;
import io.shoebox.api.catalog.ItemVersion;
import io.shoebox.api.snapshot.SnapshotInfo;

class IndexingTest extends CatalogFixture {

    private static final Instant DAY1 = Instant.parse("2024-03-01T02:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-03-02T02:00:00Z");
    private static final Instant DAY3 = Instant.parse("2024-03-03T02:00:00Z");
    private static final Instant DAY4 = Instant.parse("2024-03-04T02:00:00Z");

    private static List<String> snapshotIds(CatalogItem item) {
        return item.versions().stream().map(ItemVersion::snapshotId).toList();
    }

    @Test
    void sidecarsBelongToTheirPhotoAndAreNoItemsOfTheirOwn() throws IOException {
        snapshots.add("disk", "phone", DAY1,
                Files.photo("DCIM/IMG_0001.JPG").file(),
                Files.photo("DCIM/IMG_0001.xmp").file(),
                Files.photo("DCIM/IMG_0001.JPG.xmp").file(),
                Files.photo("DCIM/IMG_0001.AAE").file(),
                Files.photo("DCIM/img_0002.heic").file(),
                Files.photo("DCIM/IMG_0002.XMP").file(),
                Files.photo("DCIM/sub/IMG_0001.aae").file(),
                Files.photo("DCIM/orphan.xmp").file());
        catalog.sync("disk");

        assertThat(all()).extracting(CatalogItem::path).containsExactlyInAnyOrder("DCIM/IMG_0001.JPG",
                "DCIM/img_0002.heic", "DCIM/sub/IMG_0001.aae", "DCIM/orphan.xmp");
        assertThat(item("phone", "DCIM/IMG_0001.JPG").sidecars()).containsExactlyInAnyOrder("DCIM/IMG_0001.xmp",
                "DCIM/IMG_0001.JPG.xmp", "DCIM/IMG_0001.AAE");
        assertThat(item("phone", "DCIM/img_0002.heic").sidecars()).containsExactly("DCIM/IMG_0002.XMP");
        assertThat(item("phone", "DCIM/orphan.xmp").sidecars()).isEmpty();
    }

    @Test
    void livePhotosArePairedBothWaysByNameInAFolderOrByContentIdentifier() throws IOException {
        snapshots.add("disk", "phone", DAY1,
                Files.photo("DCIM/IMG_0001.HEIC").file(),
                Files.photo("DCIM/IMG_0001.MOV").file(),
                Files.photo("DCIM/IMG_0002.JPG").file(),
                Files.photo("DCIM/other/IMG_0002.MOV").file(),
                Files.photo("Export/Sunset.heic").live("A1B2-C3").file(),
                Files.photo("Export/clips/Sunset clip.mov").live("A1B2-C3").file(),
                Files.photo("Export/Alone.heic").live("ZZZZ").file());
        catalog.sync("disk");

        assertThat(item("phone", "DCIM/IMG_0001.HEIC").livePhotoPair()).isEqualTo("DCIM/IMG_0001.MOV");
        assertThat(item("phone", "DCIM/IMG_0001.MOV").livePhotoPair()).isEqualTo("DCIM/IMG_0001.HEIC");
        assertThat(item("phone", "DCIM/IMG_0002.JPG").livePhotoPair()).isNull();
        assertThat(item("phone", "Export/Sunset.heic").livePhotoPair()).isEqualTo("Export/clips/Sunset clip.mov");
        assertThat(item("phone", "Export/clips/Sunset clip.mov").livePhotoPair()).isEqualTo("Export/Sunset.heic");
        assertThat(item("phone", "Export/Alone.heic").livePhotoPair()).isNull();
    }

    @Test
    void anUnchangedFileIsOneVersionRunListedInEverySnapshotThatHoldsIt() throws IOException {
        SnapshotInfo first = snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file());
        catalog.sync("disk");
        SnapshotInfo second = snapshots.add("disk", "phone", DAY2, Files.photo("a.jpg").file());
        SnapshotInfo third = snapshots.add("disk", "phone", DAY3, Files.photo("a.jpg").file());
        catalog.sync("disk");

        assertThat(snapshotIds(item("phone", "a.jpg"))).containsExactly(third.id(), second.id(), first.id());
        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void anItemTakesTheFieldsOfItsNewestVersion() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").content("k1", 100).camera("Apple", "iPhone 8").file());
        snapshots.add("disk", "phone", DAY2, Files.photo("a.jpg").content("k2", 200).camera("Apple", "iPhone 15")
                .modified(Instant.parse("2024-03-01T12:00:00Z")).file());
        catalog.sync("disk");

        CatalogItem item = item("phone", "a.jpg");
        assertThat(item.size()).isEqualTo(200);
        assertThat(item.model()).isEqualTo("iPhone 15");
        assertThat(item.versions()).extracting(ItemVersion::contentKey).containsExactly("k2", "k1");
        assertThat(item.versions()).extracting(ItemVersion::size).containsExactly(200L, 100L);
    }

    @Test
    void itemsStayWhenALaterSnapshotNoLongerHasTheFile() throws IOException {
        SnapshotInfo first = snapshots.add("disk", "phone", DAY1, Files.photo("kept.jpg").file(),
                Files.photo("deleted.jpg").camera("Canon", "EOS 5D").file());
        catalog.sync("disk");
        SnapshotInfo second = snapshots.add("disk", "phone", DAY2, Files.photo("kept.jpg").file());
        catalog.sync("disk");

        assertThat(all()).extracting(CatalogItem::path).containsExactlyInAnyOrder("kept.jpg", "deleted.jpg");
        assertThat(snapshotIds(item("phone", "deleted.jpg"))).containsExactly(first.id());
        assertThat(item("phone", "deleted.jpg").model()).isEqualTo("EOS 5D");
        assertThat(snapshotIds(item("phone", "kept.jpg"))).containsExactly(second.id(), first.id());
    }

    @Test
    void prunedSnapshotsAreForgottenAndItemsLeftInNoSnapshotGo() throws IOException {
        SnapshotInfo first = snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file(), Files.photo("b.jpg").file());
        SnapshotInfo second = snapshots.add("disk", "phone", DAY2, Files.photo("a.jpg").file(), Files.photo("c.jpg").file());
        SnapshotInfo third = snapshots.add("disk", "phone", DAY3, Files.photo("a.jpg").file(), Files.photo("c.jpg").file());
        catalog.sync("disk");

        snapshots.remove("disk", second.id());
        catalog.sync("disk");
        assertThat(snapshotIds(item("phone", "a.jpg"))).containsExactly(third.id(), first.id());
        assertThat(snapshotIds(item("phone", "c.jpg"))).containsExactly(third.id());

        snapshots.remove("disk", first.id());
        catalog.sync("disk");
        assertThat(all()).extracting(CatalogItem::path).containsExactlyInAnyOrder("a.jpg", "c.jpg");
        assertThat(snapshotIds(item("phone", "a.jpg"))).containsExactly(third.id());
        assertThat(catalog.status().snapshots()).isEqualTo(1);
    }

    @Test
    void whenTheNewestVersionIsForgottenTheItemFallsBackToTheNewestLeft() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").content("old", 100).camera("Apple", "iPhone 8").file());
        SnapshotInfo second = snapshots.add("disk", "phone", DAY2,
                Files.photo("a.jpg").content("new", 200).camera("Apple", "iPhone 15").file());
        catalog.sync("disk");

        snapshots.remove("disk", second.id());
        catalog.sync("disk");

        CatalogItem item = item("phone", "a.jpg");
        assertThat(item.size()).isEqualTo(100);
        assertThat(item.model()).isEqualTo("iPhone 8");
        assertThat(catalog.search(new io.shoebox.api.catalog.ItemQuery(null, null, "iphone 15", null, null, null, null,
                null, 0, 10)).total()).isZero();
    }

    @Test
    void checkpointSnapshotsAreNotRead() throws IOException {
        snapshots.add("disk", "phone", DAY1, true, Files.photo("partial.jpg").file());
        catalog.sync("disk");

        assertThat(catalog.status().items()).isZero();
        assertThat(catalog.status().snapshots()).isZero();
    }

    @Test
    void theSameFileOnTwoTargetsIsOneItemWithTheVersionsOfBoth() throws IOException {
        SnapshotInfo onDisk = snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").camera("Apple", "iPhone 8").file());
        SnapshotInfo inCloud = snapshots.add("cloud", "phone", DAY2,
                Files.photo("a.jpg").content("cloud-key", 500).camera("Apple", "iPhone 15").file());
        catalog.sync("cloud");
        catalog.sync("disk");

        CatalogItem item = item("phone", "a.jpg");
        assertThat(item.versions()).extracting(ItemVersion::target).containsExactly("cloud", "disk");
        assertThat(snapshotIds(item)).containsExactly(inCloud.id(), onDisk.id());
        assertThat(item.model()).isEqualTo("iPhone 15");
        assertThat(catalog.status().items()).isEqualTo(1);
    }

    @Test
    void anOlderSnapshotArrivingLaterIsPlacedInOrder() throws IOException {
        SnapshotInfo third = snapshots.add("disk", "phone", DAY3, Files.photo("a.jpg").file());
        catalog.sync("disk");
        SnapshotInfo first = snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file(), Files.photo("b.jpg").file());
        catalog.sync("disk");

        assertThat(snapshotIds(item("phone", "a.jpg"))).containsExactly(third.id(), first.id());
        assertThat(snapshotIds(item("phone", "b.jpg"))).containsExactly(first.id());
        List<CatalogItem> incremental = all();
        catalog.rebuild();
        assertThat(all()).isEqualTo(incremental);
    }

    @Test
    void aRebuildGivesWhatFollowingTheBackupsGave() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("DCIM/IMG_1.HEIC").taken("2024-02-01T10:00").file(),
                Files.photo("DCIM/IMG_1.MOV").file(), Files.photo("DCIM/IMG_1.AAE").file(),
                Files.photo("DCIM/IMG_2.JPG").camera("Apple", "iPhone 12").at(1, 2).file());
        catalog.sync("disk");
        SnapshotInfo second = snapshots.add("disk", "phone", DAY2, Files.photo("DCIM/IMG_1.HEIC").taken("2024-02-01T10:00").file(),
                Files.photo("DCIM/IMG_1.MOV").file(), Files.photo("DCIM/IMG_3.JPG").warning("truncated").file());
        snapshots.add("cloud", "phone", DAY2, Files.photo("DCIM/IMG_1.HEIC").content("c1", 5).file());
        catalog.sync("disk");
        catalog.sync("cloud");
        snapshots.add("disk", "camera", DAY3, Files.photo("DSC_1.JPG").camera("Nikon", "D850").file());
        snapshots.add("disk", "phone", DAY4, Files.photo("DCIM/IMG_1.HEIC").content("edited", 7).file());
        catalog.sync("disk");
        snapshots.remove("disk", second.id());
        catalog.sync("disk");
        List<CatalogItem> incremental = all();
        CatalogStatus before = catalog.status();

        CatalogStatus rebuilt = catalog.rebuild();

        assertThat(all()).isEqualTo(incremental);
        assertThat(rebuilt.items()).isEqualTo(before.items());
        assertThat(rebuilt.snapshots()).isEqualTo(before.snapshots());
        assertThat(rebuilt.rebuilding()).isFalse();
        assertThat(rebuilt.lastRebuild()).isNotNull();
        assertThat(catalog.timeline(query())).isNotEmpty();
    }

    @Test
    void aRebuildReportsItselfWhileItRunsAndRefusesASecondOne() throws Exception {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file());
        CountDownLatch walking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        snapshots.beforeWalk = id -> {
            walking.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<CatalogStatus> running = CompletableFuture.supplyAsync(() -> {
            try {
                return catalog.rebuild();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(walking.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(catalog.status().rebuilding()).isTrue();
        assertThatThrownBy(catalog::rebuild).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");

        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).items()).isEqualTo(1);
        assertThat(catalog.status().rebuilding()).isFalse();
    }

    @Test
    void aSnapshotThatCannotBeReadIsLeftOutAndTheOthersAreRead() throws IOException {
        SnapshotInfo broken = snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file());
        snapshots.add("disk", "camera", DAY1, Files.photo("b.jpg").file());
        snapshots.beforeWalk = id -> {
            if (id.equals(broken.id())) {
                throw new IllegalStateException("damaged tree");
            }
        };
        catalog.sync("disk");

        assertThat(all()).extracting(CatalogItem::path).containsExactly("b.jpg");
        snapshots.beforeWalk = id -> { };
        catalog.retryUnreadable("disk");
        catalog.sync("disk");
        assertThat(all()).extracting(CatalogItem::path).containsExactlyInAnyOrder("a.jpg", "b.jpg");
    }

    @Test
    void aRebuildReadsTheTargetsItCanAndNamesTheOnesItCannot() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file());
        snapshots.add("cloud", "phone", DAY1, Files.photo("a.jpg").file(), Files.photo("b.jpg").file());
        snapshots.unreachable("cloud");

        CatalogStatus rebuilt = catalog.rebuild();

        assertThat(all()).extracting(CatalogItem::path).containsExactly("a.jpg");
        assertThat(rebuilt.unreadTargets()).containsOnlyKeys("cloud");
        assertThat(rebuilt.unreadTargets().get("cloud")).contains("cannot connect");
        assertThat(catalog.status().unreadTargets()).isEqualTo(rebuilt.unreadTargets());
    }

    @Test
    void aRebuildNamesATargetWhosePasswordCannotBeOpenedAndReadsTheOthers() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file());
        snapshots.add("copied", "phone", DAY1, Files.photo("b.jpg").file());
        snapshots.unopenable("copied");

        CatalogStatus rebuilt = catalog.rebuild();

        assertThat(all()).extracting(CatalogItem::path).containsExactly("a.jpg");
        assertThat(rebuilt.unreadTargets()).containsOnlyKeys("copied");
        assertThat(rebuilt.unreadTargets().get("copied")).contains("cannot be opened");
    }

    @Test
    void anUnavailableTargetFailsItsSyncAndKeepsWhatWasRead() throws IOException {
        snapshots.add("disk", "phone", DAY1, Files.photo("a.jpg").file());
        catalog.sync("disk");
        snapshots.available("disk", false);

        assertThatThrownBy(() -> catalog.sync("disk")).isInstanceOf(IOException.class);
        assertThat(catalog.status().items()).isEqualTo(1);
    }

    @Test
    void aLargeSnapshotIsReadInBatchesWithinOneTransaction() throws IOException {
        io.shoebox.api.snapshot.SnapshotFile[] files = new io.shoebox.api.snapshot.SnapshotFile[2500];
        for (int i = 0; i < files.length; i++) {
            files[i] = Files.photo(String.format("DCIM/%03dAPPLE/IMG_%04d.JPG", i / 1000, i))
                    .taken(String.format("2020-01-01T00:%02d:%02d", i / 60 % 60, i % 60)).camera("Apple", "iPhone " + i % 7)
                    .file();
        }
        snapshots.add("disk", "phone", DAY1, files);
        catalog.sync("disk");
        snapshots.add("disk", "phone", DAY2, files);
        catalog.sync("disk");

        assertThat(catalog.status().items()).isEqualTo(2500);
        assertThat(runs()).isEqualTo(2500);
        assertThat(catalog.search(new io.shoebox.api.catalog.ItemQuery(null, null, "iphone 3", null, "DCIM/001APPLE", null,
                null, null, 0, 50)).total()).isEqualTo(143);
    }

    private long runs() {
        try (var connection = dataSource().getConnection(); var statement = connection.createStatement();
                var row = statement.executeQuery("SELECT COUNT(*) FROM versions")) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
