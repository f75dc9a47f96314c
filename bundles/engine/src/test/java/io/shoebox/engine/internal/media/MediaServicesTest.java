package io.shoebox.engine.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MetadataExtractor;
import io.shoebox.api.metadata.Thumbnailer;

/**
 * Which extractor reads a file: the best-ranked one that claims its extension, whatever plugin
 * brought it, the older one on a tie; and which thumbnailer previews a media type, chosen alike.
 */
class MediaServicesTest {

    private static final MetadataExtractor GENERAL = named("general");
    private static final MetadataExtractor CAMCORDER = named("camcorder");
    private static final MetadataExtractor BETTER_JPEG = named("better-jpeg");

    @Test
    void a_plugin_that_claims_a_new_extension_reads_those_files_and_no_others() {
        MediaServices services = new MediaServices();
        services.addExtractor(GENERAL, claims(List.of("jpg", "mov"), 0, 10));
        services.addExtractor(CAMCORDER, claims(List.of("mts", "m2ts"), 0, 11));

        MediaReaders readers = services.readers();

        assertThat(readers.extractorFor("00001.MTS")).isSameAs(CAMCORDER);
        assertThat(readers.extractorFor("clip.m2ts")).isSameAs(CAMCORDER);
        assertThat(readers.extractorFor("IMG_0001.JPG")).isSameAs(GENERAL);
        assertThat(readers.extractorFor("notes.txt")).isNull();
    }

    @Test
    void the_higher_ranked_extractor_wins_an_extension_and_the_older_one_a_tie() {
        MediaServices services = new MediaServices();
        services.addExtractor(GENERAL, claims(List.of("jpg", "mov"), 0, 10));
        services.addExtractor(BETTER_JPEG, claims(List.of("jpg"), 100, 12));
        services.addExtractor(CAMCORDER, claims(List.of("mov"), 0, 11));

        MediaReaders readers = services.readers();

        assertThat(readers.extractorFor("a.jpg")).isSameAs(BETTER_JPEG);
        assertThat(readers.extractorFor("a.mov")).as("equal ranking: the one registered first").isSameAs(GENERAL);
    }

    @Test
    void an_extractor_that_goes_away_is_no_longer_chosen_for_the_next_backup() {
        MediaServices services = new MediaServices();
        services.addExtractor(GENERAL, claims(List.of("jpg"), 0, 10));
        services.addExtractor(BETTER_JPEG, claims(List.of("jpg"), 100, 12));
        MediaReaders before = services.readers();

        services.removeExtractor(BETTER_JPEG);

        assertThat(services.readers().extractorFor("a.jpg")).isSameAs(GENERAL);
        assertThat(before.extractorFor("a.jpg")).as("a running backup keeps what it started with").isSameAs(BETTER_JPEG);
    }

    @Test
    void thumbnailers_are_chosen_by_the_media_type_found_in_the_content() {
        Thumbnailer jpeg = (type, in, edge) -> new byte[] {1};
        Thumbnailer raw = (type, in, edge) -> new byte[] {2};
        MediaServices services = new MediaServices();
        services.addThumbnailer(jpeg, Map.of(Thumbnailer.MEDIA_TYPES_PROPERTY, new String[] {"image/jpeg", "image/png"},
                Thumbnailer.EXTENSIONS_PROPERTY, new String[] {"jpg", "png"}, Constants.SERVICE_ID, 10L));
        services.addThumbnailer(raw, Map.of(Thumbnailer.MEDIA_TYPES_PROPERTY, new String[] {"image/x-nikon-nef"},
                Thumbnailer.EXTENSIONS_PROPERTY, new String[] {"nef"}, Constants.SERVICE_ID, 11L));

        MediaReaders readers = services.readers();

        assertThat(readers.thumbnailerFor("image/png")).isSameAs(jpeg);
        assertThat(readers.thumbnailerFor("image/x-nikon-nef")).isSameAs(raw);
        assertThat(readers.thumbnailerFor("video/quicktime")).isNull();
    }

    private static Map<String, Object> claims(List<String> extensions, int ranking, long serviceId) {
        return Map.of(MetadataExtractor.MEDIA_TYPES_PROPERTY, new String[] {"image/jpeg"},
                MetadataExtractor.EXTENSIONS_PROPERTY, extensions.toArray(String[]::new),
                Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, serviceId);
    }

    private static MetadataExtractor named(String name) {
        return new MetadataExtractor() {
            @Override
            public MediaMetadata extract(String fileName, java.io.InputStream content) {
                return MediaMetadata.unknown("application/octet-stream", List.of());
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
