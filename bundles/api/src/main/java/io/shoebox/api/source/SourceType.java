package io.shoebox.api.source;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming the kind of source a component provides: {@code @SourceType("folder")}
 * gives its {@link Source} services the property {@value Source#TYPE_PROPERTY}{@code =folder}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SourceType {

    /** Prefix of the property name, which is {@value Source#TYPE_PROPERTY}. */
    String PREFIX_ = "shoebox.";

    /** The type, as sources name it ({@code folder}, ...). */
    String value();
}
