package io.shoebox.engine.internal.media;

import java.util.Locale;
import java.util.Map;

import io.shoebox.api.metadata.MetadataExtractor;
import io.shoebox.api.metadata.Thumbnailer;

/**
 * The metadata extractor for each file extension and the thumbnailer for each media type, as one
 * backup uses them: chosen when it starts, so services coming and going meanwhile do not change how
 * its files are read.
 */
public final class MediaReaders {

    /** No extractor and no thumbnailer: nothing is examined. */
    public static final MediaReaders NONE = new MediaReaders(Map.of(), Map.of());

    private final Map<String, MetadataExtractor> extractors;
    private final Map<String, Thumbnailer> thumbnailers;

    /**
     * @param extractorsByExtension the extractor for each file extension (lower case, no dot)
     * @param thumbnailersByType the thumbnailer for each media type
     */
    public MediaReaders(Map<String, MetadataExtractor> extractorsByExtension, Map<String, Thumbnailer> thumbnailersByType) {
        this.extractors = Map.copyOf(extractorsByExtension);
        this.thumbnailers = Map.copyOf(thumbnailersByType);
    }

    /** The extractor for a file of this name, or {@code null} when no extractor claims its extension. */
    public MetadataExtractor extractorFor(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0 || dot == fileName.length() - 1) {
            return null;
        }
        return extractors.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The thumbnailer for a media type, or {@code null}. */
    public Thumbnailer thumbnailerFor(String mediaType) {
        return mediaType == null ? null : thumbnailers.get(mediaType);
    }
}
