package io.shoebox.api.metadata;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes the small preview of a photo or video that front ends show in a grid.
 *
 * <p>Like extractors, thumbnailers must be robust against hostile input: a file they cannot read
 * gives {@code null}, never an unchecked exception, a hang or unbounded memory use. They should
 * prefer a preview the file already carries (the EXIF thumbnail, a raw's embedded JPEG, a HEIF
 * thumbnail item) over decoding the full picture.
 */
@ConsumerType
public interface Thumbnailer {

    /** Service property: the media types ({@code image/jpeg}, ...) this thumbnailer can preview. */
    String MEDIA_TYPES_PROPERTY = MetadataExtractor.MEDIA_TYPES_PROPERTY;

    /** Service property: the file name extensions of those media types; see {@link MediaTypes}. */
    String EXTENSIONS_PROPERTY = MetadataExtractor.EXTENSIONS_PROPERTY;

    /**
     * A JPEG preview of a file, upright (EXIF orientation applied), whose longer edge is at most
     * {@code maxEdge} pixels.
     *
     * @param mediaType the file's media type as an extractor found it from the content
     * @param content the file's bytes; the thumbnailer may stop reading early
     * @return the JPEG bytes, or {@code null} when no preview can be made from this file
     * @throws IOException only when reading {@code content} itself fails
     */
    byte[] thumbnail(String mediaType, InputStream content, int maxEdge) throws IOException;
}
