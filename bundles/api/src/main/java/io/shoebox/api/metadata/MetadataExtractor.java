package io.shoebox.api.metadata;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads what a photo or video says about itself.
 *
 * <p>Implementations must be robust against hostile input: a truncated, corrupt or crafted file
 * yields a result with {@link MediaMetadata#warnings() warnings}, never an unchecked exception, a
 * hang or unbounded memory use.
 */
@ConsumerType
public interface MetadataExtractor {

    /** Service property: the media types ({@code image/jpeg}, {@code video/quicktime}, ...) read; see {@link MediaTypes}. */
    String MEDIA_TYPES_PROPERTY = "shoebox.media.types";

    /** Service property: the file name extensions of those media types; see {@link MediaTypes}. */
    String EXTENSIONS_PROPERTY = "shoebox.media.extensions";

    /**
     * Extracts metadata from a file's content.
     *
     * @param fileName the file's name, used only as a hint (for example a date in
     *     {@code IMG_20190101_123456.jpg}); the media type comes from the content
     * @param content the file's bytes; the extractor may stop reading early
     * @throws IOException only when reading {@code content} itself fails
     */
    MediaMetadata extract(String fileName, InputStream content) throws IOException;
}
