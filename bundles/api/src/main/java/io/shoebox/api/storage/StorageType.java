package io.shoebox.api.storage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming the storage type a provider's component registers its targets under:
 * {@code @StorageType("s3")} on a {@link Storage} component gives its services the property
 * {@value Storage#TYPE_PROPERTY}{@code =s3}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StorageType {

    /** Prefix of the property name, which is {@value Storage#TYPE_PROPERTY}. */
    String PREFIX_ = "shoebox.";

    /** The type, as targets name it ({@code local}, {@code s3}, ...). */
    String value();
}
