package io.shoebox.catalog.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Thumbnails read from repositories, kept as files under one folder ({@code SHOEBOX_HOME/cache/thumbnails}).
 * A thumbnail is named by a hash of the item, the target and the content key of the version it was
 * read from, so a new version gets a new file and entries never go stale; the folder can be
 * emptied at any time.
 */
final class ThumbnailCache {

    private final Path folder;

    ThumbnailCache(Path folder) {
        this.folder = folder;
    }

    static String key(String itemId, String target, String contentKey) {
        MessageDigest digest = ItemIds.sha256();
        digest.update((itemId + '\n' + target + '\n' + contentKey).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 20);
    }

    Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void put(String key, byte[] jpeg) throws IOException {
        Path file = file(key);
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), key, ".tmp");
        try {
            Files.write(temporary, jpeg);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    Path file(String key) {
        return folder.resolve(key.substring(0, 2)).resolve(key + ".jpg");
    }
}
