package io.shoebox.repository.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.osgi.service.log.Logger;

import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.PackFormat;

/**
 * Local copies of content-named objects (index files, snapshots, tree packs) under
 * {@code cacheDir/<repository id>/<kind>/<name>}. Everything read back is checked against its name
 * (SHA-256); a damaged entry is deleted and fetched again. Safe to delete at any time.
 */
final class Cache {

    static final String INDEX = "index";
    static final String SNAPSHOTS = "snapshots";
    static final String PACKS = "packs";

    private final Path root;
    private final Logger log;
    private final Set<String> verifiedPacks = ConcurrentHashMap.newKeySet();

    Cache(Path cacheDir, String repositoryId, Logger log) {
        this.root = cacheDir.resolve(repositoryId);
        this.log = log;
    }

    /** The object if cached and intact, else {@code null}. */
    byte[] get(String kind, String name) {
        if (!Hex.isId(name)) {
            return null;
        }
        Path file = root.resolve(kind).resolve(name);
        try {
            byte[] bytes = Files.readAllBytes(file);
            boolean intact = kind.equals(PACKS) ? PackFormat.nameMatches(bytes, bytes.length, name)
                    : MasterKey.sha256Hex(bytes, 0, bytes.length).equals(name);
            if (intact) {
                return bytes;
            }
            log.warn("cached {}/{} is damaged; fetching it again", kind, name);
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.debug("cache read failed", e);
        }
        return null;
    }

    void put(String kind, String name, byte[] bytes, int length) {
        try {
            Path folder = Files.createDirectories(root.resolve(kind));
            Path temp = Files.createTempFile(folder, ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            try {
                Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            if (kind.equals(PACKS)) {
                verifiedPacks.add(name);
            }
        } catch (IOException e) {
            log.debug("cache write failed", e);
        }
    }

    /** A range of a cached pack, or {@code null} if the pack is not cached (or was damaged). */
    byte[] readPackRange(String name, long offset, int length) {
        Path file = root.resolve(PACKS).resolve(name);
        if (!Files.exists(file)) {
            return null;
        }
        if (!verifiedPacks.contains(name)) {
            if (get(PACKS, name) == null) {
                return null;
            }
            verifiedPacks.add(name);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    return null;
                }
            }
            return buffer.array();
        } catch (IOException e) {
            return null;
        }
    }

    void remove(String kind, String name) {
        try {
            Files.deleteIfExists(root.resolve(kind).resolve(name));
            verifiedPacks.remove(name);
        } catch (IOException e) {
            log.debug("cache delete failed", e);
        }
    }

    /** Deletes cached objects of a kind that are not in {@code keep}. */
    void retain(String kind, Set<String> keep) {
        Path folder = root.resolve(kind);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(file -> !keep.contains(file.getFileName().toString())).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.debug("cache delete failed", e);
                }
            });
        } catch (IOException e) {
            log.debug("cache listing failed", e);
        }
    }
}
