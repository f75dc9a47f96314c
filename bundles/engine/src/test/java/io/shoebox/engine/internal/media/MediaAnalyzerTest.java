package io.shoebox.engine.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.metadata.MetadataExtractor;
import io.shoebox.api.metadata.Thumbnailer;

class MediaAnalyzerTest {

    private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
    private static final Instant SUMMER_NOON_UTC = Instant.parse("2019-07-01T12:00:00Z");
    private static final MediaAnalyzer.Content EMPTY = () -> new ByteArrayInputStream(new byte[0]);

    private static final MetadataExtractor NOTHING_KNOWN = (name, in) -> MediaMetadata.unknown("image/jpeg", List.of());

    /** An analyzer whose extractor claims the usual photo, video and sidecar extensions, and whose thumbnailer JPEGs. */
    private static MediaAnalyzer analyzer(MetadataExtractor extractor, Thumbnailer thumbnailer) {
        Map<String, MetadataExtractor> extractors = new HashMap<>();
        for (String extension : List.of("jpg", "heic", "nef", "mov", "xmp", "aae")) {
            extractors.put(extension, extractor);
        }
        return new MediaAnalyzer(new MediaReaders(extractors,
                thumbnailer == null ? Map.of() : Map.of("image/jpeg", thumbnailer)), LISBON);
    }

    @Test
    void without_an_extractor_no_file_is_examined() {
        assertThat(new MediaAnalyzer(MediaReaders.NONE, LISBON).examines("IMG_0001.HEIC")).isFalse();
    }

    @Test
    void files_are_examined_when_an_extractor_claims_their_extension_in_any_case_and_others_are_not() {
        MediaAnalyzer analyzer = analyzer(NOTHING_KNOWN, null);
        assertThat(List.of("IMG_0001.HEIC", "dsc_0001.nef", "clip.MOV", "IMG_0001.xmp", "IMG_0001.AAE"))
                .allMatch(analyzer::examines);
        assertThat(List.of("notes.txt", "data.bin", "README", ".jpg", "archive.jpg.zip", "ends-with-a-dot."))
                .noneMatch(analyzer::examines);
    }

    @Test
    void a_photo_that_tells_nothing_is_dated_by_its_file_time_in_the_servers_zone_and_says_so() throws Exception {
        var analysis = analyzer(NOTHING_KNOWN, null).analyze("scan.jpg", SUMMER_NOON_UTC, EMPTY);

        assertThat(analysis.metadata().takenAt()).isEqualTo(LocalDateTime.of(2019, 7, 1, 13, 0));
        assertThat(analysis.metadata().takenAtOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(analysis.metadata().takenAtOrigin()).isEqualTo(TakenAtOrigin.FILE_TIME);
    }

    @Test
    void a_sidecar_is_not_dated_by_its_file_time() throws Exception {
        MetadataExtractor sidecar = (name, in) -> MediaMetadata.unknown("application/rdf+xml", List.of());
        var analysis = analyzer(sidecar, null).analyze("IMG_0001.xmp", SUMMER_NOON_UTC, EMPTY);

        assertThat(analysis.metadata().takenAt()).isNull();
    }

    @Test
    void an_extractor_that_fails_leaves_a_warning_not_a_failed_backup() throws Exception {
        MetadataExtractor broken = (name, in) -> {
            throw new IllegalStateException("parser bug");
        };
        var analysis = analyzer(broken, null).analyze("IMG_0001.JPG", SUMMER_NOON_UTC, EMPTY);

        assertThat(analysis.metadata().mediaType()).isEqualTo("application/octet-stream");
        assertThat(analysis.metadata().warnings()).singleElement().asString().contains("parser bug");
        assertThat(analysis.thumbnail()).isNull();
    }

    @Test
    void a_thumbnailer_that_fails_leaves_a_warning_and_the_metadata_intact() throws Exception {
        Thumbnailer broken = (type, in, edge) -> {
            throw new IllegalArgumentException("bad image");
        };
        var analysis = analyzer(NOTHING_KNOWN, broken).analyze("IMG_0001.JPG", SUMMER_NOON_UTC, EMPTY);

        assertThat(analysis.metadata().mediaType()).isEqualTo("image/jpeg");
        assertThat(analysis.metadata().warnings()).singleElement().asString().contains("no thumbnail", "bad image");
    }

    @Test
    void the_thumbnail_is_asked_for_at_the_stored_edge_length() throws Exception {
        int[] asked = {0};
        Thumbnailer thumbnailer = (type, in, edge) -> {
            asked[0] = edge;
            return new byte[] {1, 2, 3};
        };
        var analysis = analyzer(NOTHING_KNOWN, thumbnailer).analyze("a.jpg", SUMMER_NOON_UTC, EMPTY);

        assertThat(asked[0]).isEqualTo(MediaAnalyzer.THUMBNAIL_EDGE);
        assertThat(analysis.thumbnail()).containsExactly(1, 2, 3);
    }
}
