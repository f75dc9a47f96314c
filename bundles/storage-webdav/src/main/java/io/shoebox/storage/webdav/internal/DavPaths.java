package io.shoebox.storage.webdav.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Object keys and their form in URLs. */
final class DavPaths {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private DavPaths() {
    }


    /**
     * Percent-encodes a relative path segment by segment. Only RFC 3986 unreserved characters stay
     * as they are: servers disagree about sub-delimiters such as {@code +} or {@code ;}, never
     * about an encoded byte.
     */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Encodes what cannot stand in a URI (spaces, non-ASCII, quotes) and leaves everything else,
     * including existing {@code %XX} escapes, alone. For URLs and hrefs written by people or by
     * lax servers.
     */
    static String encodeLoosely(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** Decodes {@code %XX} escapes as UTF-8. A {@code +} stays a plus: this is a path, not a form. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 3;
            } else {
                int end = i + Character.charCount(raw.codePointAt(i));
                byte[] encoded = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The last segment of a decoded path, ignoring a trailing slash. */
    static String lastSegment(String path) {
        String trimmed = stripTrailingSlash(path);
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    static String stripTrailingSlash(String path) {
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    /** The collection part of a key, with its trailing slash, or empty for a key at the top. */
    static String parentOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }
}
