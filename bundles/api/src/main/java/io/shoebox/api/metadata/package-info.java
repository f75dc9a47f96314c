/**
 * What a photo or video says about itself, and its preview. Extractors and thumbnailers are
 * services that declare the media types they read in {@value io.shoebox.api.metadata.MetadataExtractor#MEDIA_TYPES_PROPERTY};
 * {@code service.ranking} chooses among several.
 */
@Version("2.2.0")
@Export
package io.shoebox.api.metadata;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
