package io.shoebox.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.catalog.ItemQuery.BoundingBox;
import io.shoebox.api.catalog.TimelineEntry;
import io.shoebox.api.snapshot.SnapshotInfo;

class SearchTest extends CatalogFixture {

    private SnapshotInfo phoneSnapshot;

    @BeforeEach
    void library() throws IOException {
        phoneSnapshot = snapshots.add("disk", "phone", Instant.parse("2024-07-01T03:00:00Z"),
                Files.photo("DCIM/100APPLE/IMG_0001.HEIC").taken("2024-05-01T10:00").offset("+02:00")
                        .camera("Apple", "iPhone 12 Pro").lens("iPhone 12 Pro back camera 6mm f/1.6").at(48.85, 2.35).file(),
                Files.photo("DCIM/100APPLE/IMG_0002.JPG").taken("2023-12-31T23:59").camera("Apple", "iPhone 12")
                        .at(40.7, -74.0).file(),
                Files.photo("DCIM/100APPLE/IMG_0003.MOV").taken("2024-05-01T10:00").camera("Apple", "iPhone 12 Pro").file(),
                Files.photo("DCIM/100APPLEX/IMG_0009.JPG").taken("2022-01-01T08:00").camera("Canon", "Canon EOS 5D").file(),
                Files.photo("Screenshots/Screenshot 1.png").type("image/png").file());
        snapshots.add("disk", "camera", Instant.parse("2024-07-01T04:00:00Z"),
                Files.photo("2024/05/DSC_0001.JPG").taken("2024-05-01T10:00").camera("Canon", "Canon EOS R5")
                        .lens("RF 24-70mm F2.8 L").at(-17.0, 179.5).file(),
                Files.photo("2024/05/DSC_0002.JPG").taken("2024-05-02T00:00").camera("Canon", "Canon EOS R5")
                        .at(-17.0, -179.5).file());
        catalog.sync("disk");
    }

    private static ItemQuery where(LocalDateTime from, LocalDateTime to, String camera, String source, String folder,
            String mediaType, BoundingBox place, String text) {
        return new ItemQuery(from, to, camera, source, folder, mediaType, place, text, 0, 100);
    }

    private static LocalDateTime at(String time) {
        return LocalDateTime.parse(time);
    }

    @Test
    void resultsAreNewestFirstThenBySourceAndPathWithUndatedItemsLast() {
        assertThat(paths(query())).containsExactly("2024/05/DSC_0002.JPG", "2024/05/DSC_0001.JPG",
                "DCIM/100APPLE/IMG_0001.HEIC", "DCIM/100APPLE/IMG_0003.MOV", "DCIM/100APPLE/IMG_0002.JPG",
                "DCIM/100APPLEX/IMG_0009.JPG", "Screenshots/Screenshot 1.png");
    }

    @Test
    void aDateRangeIncludesItsStartAndExcludesItsEnd() {
        assertThat(paths(where(at("2024-05-01T10:00"), at("2024-05-02T00:00"), null, null, null, null, null, null)))
                .containsExactly("2024/05/DSC_0001.JPG", "DCIM/100APPLE/IMG_0001.HEIC", "DCIM/100APPLE/IMG_0003.MOV");
    }

    @Test
    void anOpenEndedDateRangeLeavesUndatedItemsOut() {
        assertThat(paths(where(null, at("2023-01-01T00:00"), null, null, null, null, null, null)))
                .containsExactly("DCIM/100APPLEX/IMG_0009.JPG");
        assertThat(paths(where(at("2024-05-01T12:00"), null, null, null, null, null, null, null)))
                .containsExactly("2024/05/DSC_0002.JPG");
    }

    @Test
    void cameraWordsMustAllAppearInMakeOrModelIgnoringCase() {
        assertThat(paths(where(null, null, "iphone 12", null, null, null, null, null))).containsExactly(
                "DCIM/100APPLE/IMG_0001.HEIC", "DCIM/100APPLE/IMG_0003.MOV", "DCIM/100APPLE/IMG_0002.JPG");
        assertThat(paths(where(null, null, "PRO Apple", null, null, null, null, null)))
                .containsExactly("DCIM/100APPLE/IMG_0001.HEIC", "DCIM/100APPLE/IMG_0003.MOV");
        assertThat(paths(where(null, null, "canon", null, null, null, null, null)))
                .containsExactly("2024/05/DSC_0002.JPG", "2024/05/DSC_0001.JPG", "DCIM/100APPLEX/IMG_0009.JPG");
        assertThat(catalog.search(where(null, null, "nikon", null, null, null, null, null)).total()).isZero();
    }

    @Test
    void aSourceNarrowsToItsItems() {
        assertThat(paths(where(null, null, null, "camera", null, null, null, null)))
                .containsExactly("2024/05/DSC_0002.JPG", "2024/05/DSC_0001.JPG");
    }

    @Test
    void aFolderHoldsItsItemsAndThoseOfItsSubfoldersButNotOfSiblingsWithTheSamePrefix() {
        assertThat(paths(where(null, null, null, null, "DCIM/100APPLE", null, null, null))).containsExactly(
                "DCIM/100APPLE/IMG_0001.HEIC", "DCIM/100APPLE/IMG_0003.MOV", "DCIM/100APPLE/IMG_0002.JPG");
        assertThat(paths(where(null, null, null, null, "/DCIM/", null, null, null))).hasSize(4);
    }

    @Test
    void aMediaTypeIsExactAndAFamilyTakesEveryTypeInIt() {
        assertThat(paths(where(null, null, null, null, null, "video", null, null)))
                .containsExactly("DCIM/100APPLE/IMG_0003.MOV");
        assertThat(paths(where(null, null, null, null, null, "image/HEIC", null, null)))
                .containsExactly("DCIM/100APPLE/IMG_0001.HEIC");
        assertThat(paths(where(null, null, null, null, null, "image", null, null))).hasSize(6);
    }

    @Test
    void aPlaceIsABoundingBoxThatMayCrossTheAntimeridian() {
        assertThat(paths(where(null, null, null, null, null, null, new BoundingBox(48, 2, 49, 3), null)))
                .containsExactly("DCIM/100APPLE/IMG_0001.HEIC");
        assertThat(paths(where(null, null, null, null, null, null, new BoundingBox(-20, 179, -15, -179), null)))
                .containsExactly("2024/05/DSC_0002.JPG", "2024/05/DSC_0001.JPG");
        assertThat(paths(where(null, null, null, null, null, null, new BoundingBox(-90, -180, 90, 180), null))).hasSize(4);
    }

    @Test
    void textWordsMustAllAppearInThePathCameraOrLensIgnoringCase() {
        assertThat(paths(where(null, null, null, null, null, null, null, "screenshot")))
                .containsExactly("Screenshots/Screenshot 1.png");
        assertThat(paths(where(null, null, null, null, null, null, null, "rf 24-70")))
                .containsExactly("2024/05/DSC_0001.JPG");
        assertThat(paths(where(null, null, null, null, null, null, null, "apple img_0002")))
                .containsExactly("DCIM/100APPLE/IMG_0002.JPG");
        assertThat(paths(where(null, null, null, null, null, null, null, "IMG%0002"))).isEmpty();
    }

    @Test
    void criteriaCombine() {
        assertThat(paths(where(at("2024-01-01T00:00"), null, "canon", null, null, null, null, null)))
                .containsExactly("2024/05/DSC_0002.JPG", "2024/05/DSC_0001.JPG");
        assertThat(paths(where(at("2024-01-01T00:00"), at("2025-01-01T00:00"), "apple", "phone", "DCIM", "image",
                new BoundingBox(0, -10, 60, 10), "back camera"))).containsExactly("DCIM/100APPLE/IMG_0001.HEIC");
    }

    @Test
    void pagesFollowTheOrderAndCarryTheTotal() {
        ItemPage first = catalog.search(new ItemQuery(null, null, null, null, null, null, null, null, 0, 2));
        ItemPage second = catalog.search(new ItemQuery(null, null, null, null, null, null, null, null, 2, 2));
        ItemPage last = catalog.search(new ItemQuery(null, null, null, null, null, null, null, null, 6, 2));
        ItemPage beyond = catalog.search(new ItemQuery(null, null, null, null, null, null, null, null, 10, 2));

        assertThat(first.items()).extracting(CatalogItem::path).containsExactly("2024/05/DSC_0002.JPG", "2024/05/DSC_0001.JPG");
        assertThat(second.items()).extracting(CatalogItem::path)
                .containsExactly("DCIM/100APPLE/IMG_0001.HEIC", "DCIM/100APPLE/IMG_0003.MOV");
        assertThat(last.items()).extracting(CatalogItem::path).containsExactly("Screenshots/Screenshot 1.png");
        assertThat(List.of(first.total(), second.total(), last.total(), beyond.total())).containsOnly(7L);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void pagesOfSeveralCamerasFollowTheOrderToo() {
        ItemQuery canon = new ItemQuery(null, null, "canon", null, null, null, null, null, 1, 1);
        ItemQuery canonLast = new ItemQuery(null, null, "canon", null, null, null, null, null, 2, 5);

        assertThat(catalog.search(canon).items()).extracting(CatalogItem::path).containsExactly("2024/05/DSC_0001.JPG");
        assertThat(catalog.search(canon).total()).isEqualTo(3);
        assertThat(catalog.search(canonLast).items()).extracting(CatalogItem::path)
                .containsExactly("DCIM/100APPLEX/IMG_0009.JPG");
    }

    @Test
    void wordsMatchingManyCamerasStillGiveTheSearchOrder() throws IOException {
        io.shoebox.api.snapshot.SnapshotFile[] files = new io.shoebox.api.snapshot.SnapshotFile[CatalogReader.MERGED_CAMERAS + 3];
        for (int i = 0; i < files.length; i++) {
            files[i] = Files.photo(String.format("Gifts/%02d.jpg", i)).taken(String.format("2019-01-%02dT12:00", 28 - i))
                    .camera("Brand", "Model " + i).file();
        }
        snapshots.add("disk", "gifts", Instant.parse("2024-07-02T00:00:00Z"), files);
        catalog.sync("disk");

        ItemPage page = catalog.search(new ItemQuery(null, null, "brand", null, null, null, null, null, 2, 3));

        assertThat(page.items()).extracting(CatalogItem::path).containsExactly("Gifts/02.jpg", "Gifts/03.jpg", "Gifts/04.jpg");
        assertThat(page.total()).isEqualTo(files.length);
    }

    @Test
    void theTimelineCountsItemsPerMonthNewestFirstWithUndatedOnesUnderYearZero() {
        assertThat(catalog.timeline(query())).containsExactly(new TimelineEntry(2024, 5, 4),
                new TimelineEntry(2023, 12, 1), new TimelineEntry(2022, 1, 1), new TimelineEntry(0, 0, 1));
        assertThat(catalog.timeline(where(null, null, "canon", null, null, null, null, null)))
                .containsExactly(new TimelineEntry(2024, 5, 2), new TimelineEntry(2022, 1, 1));
    }

    @Test
    void anItemCarriesItsMetadataAndWhereItIsBackedUp() {
        CatalogItem item = item("phone", "DCIM/100APPLE/IMG_0001.HEIC");

        assertThat(item.id()).hasSize(32);
        assertThat(item.source()).isEqualTo("phone");
        assertThat(item.size()).isEqualTo(1000);
        assertThat(item.modified()).isEqualTo(Files.MODIFIED);
        assertThat(item.mediaType()).isEqualTo("image/heic");
        assertThat(item.takenAt()).isEqualTo(at("2024-05-01T10:00"));
        assertThat(item.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(item.takenAtOrigin()).isEqualTo("EXIF");
        assertThat(item.make()).isEqualTo("Apple");
        assertThat(item.model()).isEqualTo("iPhone 12 Pro");
        assertThat(item.lens()).startsWith("iPhone 12 Pro back camera");
        assertThat(item.latitude()).isEqualTo(48.85);
        assertThat(item.longitude()).isEqualTo(2.35);
        assertThat(item.width()).isEqualTo(4032);
        assertThat(item.height()).isEqualTo(3024);
        assertThat(item.versions()).singleElement().satisfies(version -> {
            assertThat(version.target()).isEqualTo("disk");
            assertThat(version.snapshotId()).isEqualTo(phoneSnapshot.id());
            assertThat(version.snapshotTime()).isEqualTo(phoneSnapshot.time());
            assertThat(version.contentKey()).isEqualTo("key-DCIM/100APPLE/IMG_0001.HEIC");
        });
        assertThat(catalog.item("no-such-id")).isEmpty();
    }

    @Test
    void searchResultsCarryTheirVersionsToo() {
        assertThat(all()).allSatisfy(item -> assertThat(item.versions()).hasSize(1));
    }
}
