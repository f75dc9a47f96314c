package io.shoebox.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The endpoints a resource answers, as {@code METHOD /path/{param}} relative to {@code /api/v1}.
 * A request that matches none of them is refused before the resource sees it, so this list is the
 * whole truth about the API, and a test holds the OpenAPI document to it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Endpoints {
    String[] value();
}
