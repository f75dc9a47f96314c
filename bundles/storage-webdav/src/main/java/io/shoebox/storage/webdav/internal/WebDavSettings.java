package io.shoebox.storage.webdav.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a WebDAV target lives and how to talk to it.
 *
 * @param url the collection that holds the repository, always ending in {@code /}
 * @param user user name, or empty for a server without login
 * @param password the user's password, never shown
 * @param createIfMissing whether a missing collection is created rather than reported
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long a request may make no progress
 * @param maxConcurrentRequests most requests in flight at once
 */
public record WebDavSettings(
        URI url,
        String user,
        String password,
        boolean createIfMissing,
        Duration connectTimeout,
        Duration readTimeout,
        int maxConcurrentRequests) {

    public WebDavSettings {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("at least one concurrent request is needed");
        }
    }

    /** Settings with the defaults of the configuration form. */
    public static WebDavSettings of(String url, String user, String password) {
        return new WebDavSettings(parseUrl(url), user, password, false,
                Duration.ofSeconds(15), Duration.ofSeconds(120), 8);
    }

    static WebDavSettings of(WebDavStorageConfig config) {
        return new WebDavSettings(parseUrl(config.url()), config.user(), config.password(), config.createIfMissing(),
                Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.readTimeoutSeconds())),
                Math.max(1, config.maxConcurrentRequests()));
    }

    public WebDavSettings withCreateIfMissing(boolean create) {
        return new WebDavSettings(url, user, password, create, connectTimeout, readTimeout, maxConcurrentRequests);
    }

    public WebDavSettings withPassword(String otherPassword) {
        return new WebDavSettings(url, user, otherPassword, createIfMissing, connectTimeout, readTimeout,
                maxConcurrentRequests);
    }

    public WebDavSettings withTimeouts(Duration connect, Duration read) {
        return new WebDavSettings(url, user, password, createIfMissing, connect, read, maxConcurrentRequests);
    }

    /**
     * Reads the folder URL as people paste it: already percent-encoded, or with plain spaces and
     * accents ({@code https://nas/webdav/Photo Backup}). The result always ends in {@code /}.
     */
    static URI parseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the WebDAV folder URL must not be empty");
        }
        String trimmed = text.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            uri = encodeLoosely(trimmed);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("the WebDAV folder URL must start with https:// or http:// and name"
                    + " a server, for example https://cloud.example.com/remote.php/dav/files/anna/Shoebox");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the WebDAV folder URL must not contain '?' or '#'");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        try {
            return new URI(scheme + "://" + uri.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the WebDAV folder URL is not valid: " + e.getMessage(), e);
        }
    }

    private static URI encodeLoosely(String text) {
        int schemeEnd = text.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : text.indexOf('/', schemeEnd + 3);
        String origin = pathStart < 0 ? text : text.substring(0, pathStart);
        String path = pathStart < 0 ? "/" : text.substring(pathStart);
        try {
            return new URI(origin + DavPaths.encodeLoosely(path));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the WebDAV folder URL is not valid: " + e.getMessage(), e);
        }
    }

    /** The URL as it may appear in messages and logs: without any user info. */
    String displayUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + DavPaths.decode(url.getRawPath());
    }

    @Override
    public String toString() {
        return "WebDAV " + displayUrl() + (user.isEmpty() ? "" : " as " + user);
    }
}
