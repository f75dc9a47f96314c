package io.shoebox.storage.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.admin.ShoeboxHome;
import io.shoebox.api.storage.BoundedInputStream;
import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageType;
import io.shoebox.api.storage.StorageUsage;

/**
 * A target in a local folder. Objects are files under the folder, named by their key. A write goes
 * to a temporary file in {@code .tmp/}, is flushed to the disk, and is then linked into place in
 * one step, so a crash or a pulled cable never leaves a partial object under its real name.
 *
 * <p>A target that vanishes is never recreated: reading never creates anything, and once this
 * process has written into the folder (its {@code .tmp/} is there), a folder whose {@code .tmp/}
 * has gone is a drive that was unplugged or a folder that was moved, and every write is refused.
 * Otherwise the writes of a running backup would land on the empty mount point, on the system disk.
 * The folder itself is created only for a new target, and only with {@code createIfMissing}.
 */
@Component(
        configurationPid = LocalStorage.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Storage.class)
@StorageType(LocalStorage.TYPE)
@Designate(ocd = LocalStorageConfig.class, factory = true)
public class LocalStorage implements Storage {

    static final String TYPE = "local";
    static final String FACTORY_PID = Storage.FACTORY_PID_PREFIX + TYPE;
    static final String TEMP_FOLDER = ".tmp";

    private final Path root;
    private final Path temp;
    private final boolean createIfMissing;
    /** This process has written into the folder: from now on it must keep its {@code .tmp/}. */
    private volatile boolean established;

    @Activate
    public LocalStorage(LocalStorageConfig config, BundleContext context) {
        this(ShoeboxHome.resolve(config.path(), context), config.createIfMissing());
    }

    /** A target at {@code root}, for embedding and tests; the server creates targets from configuration. */
    public LocalStorage(Path root, boolean createIfMissing) {
        this.root = root;
        this.temp = root.resolve(TEMP_FOLDER);
        this.createIfMissing = createIfMissing;
    }

    Path root() {
        return root;
    }

    @Override
    public void create(String key, ByteSource content) throws StorageException {
        Path file = fileOf(key);
        Path partial = null;
        try {
            prepareForWrite();
            partial = temp.resolve(UUID.randomUUID() + ".partial");
            long written;
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel);
                    InputStream in = content.open()) {
                written = in.transferTo(out);
                channel.force(true);
            }
            if (written != content.size()) {
                throw new StorageException(Kind.PERMANENT,
                        "content of " + key + " had " + written + " bytes, " + content.size() + " were announced");
            }
            List<Path> created = createFolders(file.getParent());
            try {
                publish(partial, file);
            } catch (IOException e) {
                removeIfEmpty(created); // the drive went away mid-write: leave nothing where it was
                throw e;
            }
            syncDirectory(file.getParent());
        } catch (FileAlreadyExistsException e) {
            throw new StorageException(Kind.ALREADY_EXISTS, "object " + key + " already exists", e);
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw classify("cannot write " + key, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    /**
     * Gives the finished file its name without ever replacing an existing object. A hard link is
     * atomic and fails if the name is taken; file systems without links (FAT, exFAT) fall back to
     * a check followed by an atomic rename.
     */
    private static void publish(Path partial, Path file) throws IOException {
        try {
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Makes sure the folder is the one this target writes to: a new target's folder gets its
     * {@code .tmp/} (and, with {@code createIfMissing}, is created); an established one must still have it.
     */
    private void prepareForWrite() throws IOException {
        if (Files.isDirectory(temp)) {
            established = true;
            return;
        }
        if (established) {
            throw new StorageException(Kind.NOT_FOUND, "folder " + root + " no longer holds this target's data (its "
                    + TEMP_FOLDER + " folder is gone): was the drive unplugged or the folder moved? Nothing is written"
                    + " there until it is back");
        }
        if (!Files.isDirectory(root)) {
            if (!createIfMissing) {
                throw missingRoot();
            }
            Files.createDirectories(root);
        }
        try {
            Files.createDirectory(temp);
        } catch (FileAlreadyExistsException e) {
            // created by a writer at the same moment
        }
        established = true;
    }

    /**
     * Creates the folders down to {@code folder}, never the root itself, and only while the root still
     * holds this target's {@code .tmp/} (a drive unplugged since the write began is not written to).
     *
     * @return the folders created, outermost first
     */
    private List<Path> createFolders(Path folder) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path step = folder; !step.equals(root) && !Files.isDirectory(step); step = step.getParent()) {
            missing.add(0, step);
        }
        if (!missing.isEmpty() && !Files.isDirectory(temp)) {
            throw new StorageException(Kind.NOT_FOUND, "folder " + root + " no longer holds this target's data (its "
                    + TEMP_FOLDER + " folder is gone): was the drive unplugged or the folder moved?");
        }
        List<Path> created = new ArrayList<>();
        for (Path step : missing) {
            try {
                Files.createDirectory(step);
                created.add(step);
            } catch (FileAlreadyExistsException e) {
                // another writer made it first
            }
        }
        return created;
    }

    private static void removeIfEmpty(List<Path> folders) {
        for (int i = folders.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(folders.get(i));
            } catch (IOException e) {
                return; // not empty: another writer's object is in it
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the file itself was already forced.
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws StorageException {
        if (offset < 0 || length < -1) {
            throw new StorageException(Kind.PERMANENT, "invalid range " + offset + "+" + length + " of " + key);
        }
        Path file = fileOf(key);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = channel.size();
                if (offset > size) {
                    throw new StorageException(Kind.PERMANENT,
                            "range starts at " + offset + " beyond the end of " + key + " (" + size + " bytes)");
                }
                channel.position(offset);
                InputStream in = Channels.newInputStream(channel);
                return length < 0 ? in : new BoundedInputStream(in, length);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw classify("cannot read " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        Path file = fileOf(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            rootPresent();
            return Optional.empty();
        } catch (IOException e) {
            throw classify("cannot read " + key, e);
        }
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException {
        if (!rootPresent()) {
            return;
        }
        // Walk from the deepest folder the prefix names in full, then filter by the rest.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : fileOf(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return;
        }
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return dir.equals(temp) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String key = keyOf(file);
                    if (attributes.isRegularFile() && key.startsWith(prefix)) {
                        consumer.accept(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // Deleted while listing: a listing is not a snapshot.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw classify("cannot list " + prefix, e);
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        Path file = fileOf(key);
        try {
            Files.deleteIfExists(file);
            removeEmptyParents(file.getParent());
        } catch (IOException e) {
            throw classify("cannot delete " + key, e);
        }
    }

    private void removeEmptyParents(Path dir) {
        while (dir != null && dir.startsWith(root) && !dir.equals(root) && !dir.equals(temp)) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    @Override
    public StorageUsage usage() throws StorageException {
        if (!rootPresent()) {
            return new StorageUsage(0, StorageUsage.UNKNOWN);
        }
        long[] used = {0};
        list("", info -> used[0] += info.size());
        try {
            return new StorageUsage(used[0], Files.getFileStore(root).getUsableSpace());
        } catch (IOException e) {
            return new StorageUsage(used[0], StorageUsage.UNKNOWN);
        }
    }

    @Override
    public void verifyAccess() throws StorageException {
        String probe = TEMP_FOLDER + "/access-check-" + UUID.randomUUID();
        create(probe, ByteSource.of(new byte[] {1}));
        try (InputStream in = read(probe)) {
            in.readAllBytes();
        } catch (IOException e) {
            throw classify("cannot read back a test file in " + root, e);
        } finally {
            delete(probe);
        }
    }

    /**
     * Whether the folder is there; reading never creates it. A missing folder is an empty new target
     * only when it may be created and this process has not written there yet; otherwise it is a drive
     * that is not mounted, or one that was unplugged.
     */
    private boolean rootPresent() throws StorageException {
        if (Files.isDirectory(root)) {
            return true;
        }
        if (createIfMissing && !established) {
            return false;
        }
        throw missingRoot();
    }

    private StorageException missingRoot() {
        return new StorageException(Kind.NOT_FOUND, "folder " + root + " does not exist; if it is on an"
                + " external drive, is the drive connected and mounted?");
    }

    /** Maps a key to its file, refusing any key that could reach outside the root. */
    Path fileOf(String key) throws StorageException {
        Storage.checkKey(key);
        return root.resolve(key);
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private StorageException classify(String what, IOException e) {
        if (e instanceof StorageException storage) {
            return storage;
        }
        if (e instanceof NoSuchFileException) {
            return new StorageException(Kind.NOT_FOUND, what + ": no such file " + e.getMessage(), e);
        }
        if (e instanceof AccessDeniedException) {
            return new StorageException(Kind.AUTHENTICATION, what + ": permission denied on " + e.getMessage(), e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return new StorageException(Kind.NO_SPACE, what + ": the disk is full", e);
        }
        if (message.contains("Read-only file system")) {
            return new StorageException(Kind.PERMANENT, what + ": the file system is read-only", e);
        }
        return new StorageException(Kind.TRANSIENT, what + ": " + message, e);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover in .tmp is harmless and cleared by the next cleanup.
            }
        }
    }

    @Override
    public String toString() {
        return "local target at " + root;
    }
}
