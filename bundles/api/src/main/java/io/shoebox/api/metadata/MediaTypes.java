package io.shoebox.api.metadata;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link MetadataExtractor} or {@link Thumbnailer}: which media types it
 * reads ({@value MetadataExtractor#MEDIA_TYPES_PROPERTY}) and the file extensions those come in
 * ({@value MetadataExtractor#EXTENSIONS_PROPERTY}). A backup hands a file to the best-ranked
 * ({@code service.ranking}) service that claims the file's extension, so a plugin that reads a new
 * format is used as soon as it is installed.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MediaTypes {

    /** Prefix of the property names. */
    String PREFIX_ = "shoebox.media.";

    /** Media types read, as found from the content ({@code image/jpeg}, {@code video/mp2t}, ...). */
    String[] types();

    /** File name extensions, lower case and without the dot ({@code jpg}, {@code m2ts}, ...). */
    String[] extensions();
}
