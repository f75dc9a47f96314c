package io.shoebox.catalog.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable item ids: 128 bits of SHA-256 in hex, 16 from the source's name, 32 from the folder and 80
 * from the source, the path and the name. The files of one folder thus share a prefix and sit
 * next to each other in every index keyed by id, which makes writing a snapshot (folder by
 * folder) much faster than with ids scattered at random.
 */
final class ItemIds {

    private ItemIds() {
    }

    static String of(String source, String path) {
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "" : path.substring(0, slash);
        HexFormat hex = HexFormat.of();
        return hex.formatHex(hash(source), 0, 2) + hex.formatHex(hash(source + '\0' + folder), 0, 4)
                + hex.formatHex(hash(source + '\0' + path), 0, 10);
    }

    private static byte[] hash(String text) {
        return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
