package io.shoebox.metadata.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MetadataExtractor;

/**
 * What the component descriptions bnd generates from {@code @MediaTypes} say, as the engine reads them:
 * the media types found from the content and the extensions a file must have to be handed to us.
 */
class ServicePropertiesTest {

    /** Types {@link MediaFormat} may report that no extractor is asked about (an MP4 that holds only sound). */
    private static final EnumSet<MediaFormat> NOT_CLAIMED = EnumSet.of(MediaFormat.UNKNOWN, MediaFormat.MP4_AUDIO);

    @Test
    void theExtractorClaimsEveryTypeItReports() {
        List<String> types = property("MediaMetadataExtractor", MetadataExtractor.MEDIA_TYPES_PROPERTY);

        for (MediaFormat format : EnumSet.complementOf(NOT_CLAIMED)) {
            assertThat(types).as(format.name()).contains(format.mediaType());
        }
    }

    @Test
    void theExtractorClaimsTheExtensionsOfPhotosRawsMoviesAndSidecars_butNotAvchd() {
        List<String> extensions = property("MediaMetadataExtractor", MetadataExtractor.EXTENSIONS_PROPERTY);

        assertThat(extensions).contains("jpg", "jpeg", "heic", "hif", "avif", "png", "gif", "webp", "tif", "dng", "cr2",
                "cr3", "nef", "arw", "raf", "orf", "rw2", "mov", "mp4", "m4v", "3gp", "avi", "xmp", "aae");
        assertThat(extensions).doesNotContain("mts", "m2ts");
        assertThat(extensions).allMatch(e -> e.equals(e.toLowerCase(java.util.Locale.ROOT)) && !e.contains("."));
        assertThat(extensions).doesNotHaveDuplicates();
    }

    @Test
    void theThumbnailerClaimsWhatItCanPreview() {
        List<String> types = property("MediaThumbnailer", MetadataExtractor.MEDIA_TYPES_PROPERTY);
        List<String> extensions = property("MediaThumbnailer", MetadataExtractor.EXTENSIONS_PROPERTY);

        assertThat(types).contains("image/jpeg", "image/png", "image/tiff", "image/x-canon-cr2", "image/heic")
                .doesNotContain("video/quicktime", "image/webp");
        assertThat(property("MediaMetadataExtractor", MetadataExtractor.MEDIA_TYPES_PROPERTY)).containsAll(types);
        assertThat(property("MediaMetadataExtractor", MetadataExtractor.EXTENSIONS_PROPERTY)).containsAll(extensions);
    }

    private static List<String> property(String component, String name) {
        List<String> values = ComponentDescriptions.property(ServicePropertiesTest.class.getPackageName() + "." + component, name);
        assertThat(values).as(component + " " + name).isNotNull();
        return values;
    }
}
