package io.shoebox.rest.internal;

/**
 * Every API servlet lives in one whiteboard servlet context at {@code /api/v1}. Its context
 * helper authenticates each request, so a servlet can never be reached without it.
 */
final class ApiPaths {

    static final String ROOT = "/api/v1";
    static final String CONTEXT_NAME = "shoebox.api";
    static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";
    /** The one path answered without authentication, relative to the context. */
    static final String HEALTH = "/health";

    private ApiPaths() {
    }
}
