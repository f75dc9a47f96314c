package io.shoebox.metadata.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.shoebox.api.metadata.MetadataExtractor;

/**
 * What the component descriptions bnd generates from {@code @MediaTypes} say, as the engine reads them:
 * the media types found from the content and the extensions a file must have to be handed to us.
 */
class ServicePropertiesTest {

    /** Types {@link MediaFormat} may report that no extractor is asked about (an MP4 that holds only sound). */
    private static final EnumSet<MediaFormat> NOT_CLAIMED = EnumSet.of(MediaFormat.UNKNOWN, MediaFormat.MP4_AUDIO);

    @Test
    void theExtractorClaimsEveryTypeItReports() throws Exception {
        List<String> types = property("MediaMetadataExtractor", MetadataExtractor.MEDIA_TYPES_PROPERTY);

        for (MediaFormat format : EnumSet.complementOf(NOT_CLAIMED)) {
            assertThat(types).as(format.name()).contains(format.mediaType());
        }
    }

    @Test
    void theExtractorClaimsTheExtensionsOfPhotosRawsMoviesAndSidecars_butNotAvchd() throws Exception {
        List<String> extensions = property("MediaMetadataExtractor", MetadataExtractor.EXTENSIONS_PROPERTY);

        assertThat(extensions).contains("jpg", "jpeg", "heic", "hif", "avif", "png", "gif", "webp", "tif", "dng", "cr2",
                "cr3", "nef", "arw", "raf", "orf", "rw2", "mov", "mp4", "m4v", "3gp", "avi", "xmp", "aae");
        assertThat(extensions).doesNotContain("mts", "m2ts");
        assertThat(extensions).allMatch(e -> e.equals(e.toLowerCase(java.util.Locale.ROOT)) && !e.contains("."));
        assertThat(extensions).doesNotHaveDuplicates();
    }

    @Test
    void theThumbnailerClaimsWhatItCanPreview() throws Exception {
        List<String> types = property("MediaThumbnailer", MetadataExtractor.MEDIA_TYPES_PROPERTY);
        List<String> extensions = property("MediaThumbnailer", MetadataExtractor.EXTENSIONS_PROPERTY);

        assertThat(types).contains("image/jpeg", "image/png", "image/tiff", "image/x-canon-cr2", "image/heic")
                .doesNotContain("video/quicktime", "image/webp");
        assertThat(property("MediaMetadataExtractor", MetadataExtractor.MEDIA_TYPES_PROPERTY)).containsAll(types);
        assertThat(property("MediaMetadataExtractor", MetadataExtractor.EXTENSIONS_PROPERTY)).containsAll(extensions);
    }

    /** The values of a multi-valued string property in the component description of {@code component}. */
    private static List<String> property(String component, String name) throws Exception {
        String resource = "/OSGI-INF/io.shoebox.metadata.media." + component + ".xml";
        Map<String, List<String>> properties = new TreeMap<>();
        try (InputStream in = ServicePropertiesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " (made by bnd before the tests)").isNotNull();
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("property");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                String text = e.hasAttribute("value") ? e.getAttribute("value") : e.getTextContent();
                properties.put(e.getAttribute("name"), Arrays.stream(text.split("\n")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
            }
        }
        assertThat(properties).containsKey(name);
        return properties.get(name);
    }
}
