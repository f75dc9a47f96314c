package io.shoebox.engine.internal.jobs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type of a {@link JobType}: the {@code type} of the requests it runs, as
 * {@value JobType#TYPE_PROPERTY}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface JobTypeName {

    /** Prefix of the property name, which is {@value JobType#TYPE_PROPERTY}. */
    String PREFIX_ = "shoebox.";

    /** The request type ({@code backup}, {@code restore}, ...). */
    String value();
}
