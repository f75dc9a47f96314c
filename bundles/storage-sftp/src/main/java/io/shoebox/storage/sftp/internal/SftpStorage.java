package io.shoebox.storage.sftp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageType;
import io.shoebox.api.storage.StorageUsage;

/**
 * A target in a folder on an SSH server, over SFTP. Objects are files under the folder, named by
 * their key. A write goes to a temporary file in {@code .tmp/}, is flushed to the server's disk, and
 * is then renamed into place; SFTP's rename never replaces an existing file, so two writers of one key
 * cannot both win and readers never see a partial object.
 */
@Component(
        configurationPid = SftpStorage.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Storage.class)
@StorageType(SftpStorage.TYPE)
@Designate(ocd = SftpStorageConfig.class, factory = true)
public class SftpStorage implements Storage, AutoCloseable {

    static final String TYPE = "sftp";
    static final String FACTORY_PID = Storage.FACTORY_PID_PREFIX + TYPE;
    static final String TEMP_FOLDER = ".tmp";

    /**
     * Bytes per SFTP write and read request. OpenSSH accepts messages of up to 256 KiB; large requests,
     * many of them in flight, keep a long link busy with few acknowledgements to wait for.
     */
    static final int TRANSFER_CHUNK = 128 * 1024;

    private final SftpSettings settings;
    private final SftpFailures failures;
    private final SftpConnection connection;

    @Activate
    public SftpStorage(SftpStorageConfig config, BundleContext context) {
        this(SftpSettings.of(config, context.getProperty("shoebox.home")));
    }

    SftpStorage(SftpSettings settings) {
        this.settings = settings;
        this.failures = new SftpFailures(settings);
        this.connection = new SftpConnection(settings);
    }

    @Deactivate
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public void create(String key, ByteSource content) throws StorageException {
        String target = pathOf(key);
        String partial = child(child(settings.folder(), TEMP_FOLDER), UUID.randomUUID() + ".partial");
        connection.call("cannot write " + key, sftp -> {
            boolean published = false;
            try {
                upload(sftp, key, content, partial);
                publish(sftp, key, partial, target);
                published = true;
            } finally {
                if (!published) {
                    removeQuietly(sftp, partial);
                }
            }
            return null;
        });
    }

    private void upload(SftpClient sftp, String key, ByteSource content, String partial) throws IOException {
        CloseableHandle handle = openForWriting(sftp, partial);
        try {
            long written;
            try (InputStream in = openSource(key, content);
                    OutputStream out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, TRANSFER_CHUNK, partial,
                            handle, false)) {
                written = copy(key, in, out);
            }
            if (written != content.size()) {
                throw new StorageException(Kind.PERMANENT,
                        "content of " + key + " had " + written + " bytes, " + content.size() + " were announced");
            }
            OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
            if (fsync != null && fsync.isSupported()) {
                fsync.fsync(handle);
            }
        } finally {
            handle.close();
        }
    }

    private CloseableHandle openForWriting(SftpClient sftp, String partial) throws IOException {
        List<OpenMode> modes = List.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive);
        try {
            return sftp.open(partial, modes);
        } catch (SftpException e) {
            if (!isMissing(e)) {
                throw e;
            }
            mkdirs(sftp, parentOf(partial));
            return sftp.open(partial, modes);
        }
    }

    /** Gives the finished file its name; a plain SFTP rename fails, and so never replaces, when the name is taken. */
    private void publish(SftpClient sftp, String key, String partial, String target) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                sftp.rename(partial, target);
                return;
            } catch (SftpException e) {
                if (exists(sftp, target)) {
                    throw new StorageException(Kind.ALREADY_EXISTS, "object " + key + " already exists on "
                            + settings.server());
                }
                if (attempt > 1) {
                    throw e;
                }
                // Most likely the folder is new; a concurrent writer may have made it meanwhile, which is fine.
                mkdirs(sftp, parentOf(target));
            }
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws StorageException {
        if (offset < 0 || length < -1) {
            throw new StorageException(Kind.PERMANENT, "invalid range " + offset + "+" + length + " of " + key);
        }
        String path = pathOf(key);
        String what = "cannot read " + key;
        SftpConnection.Lease lease = connection.lease(what);
        boolean handedOver = false;
        boolean healthy = false;
        try {
            SftpClient sftp = lease.sftp();
            CloseableHandle handle = sftp.open(path, OpenMode.Read);
            long end;
            try {
                if (length >= 0) {
                    end = offset + length;
                } else {
                    long size = sftp.stat(handle).getSize();
                    if (offset > size) {
                        throw new StorageException(Kind.PERMANENT,
                                "range starts at " + offset + " beyond the end of " + key + " (" + size + " bytes)");
                    }
                    end = size;
                }
                if (end == offset) {
                    handle.close();
                    healthy = true;
                    return InputStream.nullInputStream();
                }
            } catch (IOException | RuntimeException e) {
                handle.close();
                throw e;
            }
            // The expected end keeps the read-ahead inside the range: a blob read from a large pack fetches the blob.
            InputStream in = new SftpInputStreamAsync((AbstractSftpClient) sftp, TRANSFER_CHUNK, offset, end, path,
                    handle);
            handedOver = true;
            return new RemoteInputStream(in, end - offset, lease, what);
        } catch (IOException | RuntimeException e) {
            healthy = e instanceof SftpException || e instanceof StorageException;
            throw failures.classify(what, e);
        } finally {
            if (!handedOver) {
                lease.release(healthy);
            }
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        String path = pathOf(key);
        return connection.call("cannot read " + key, sftp -> {
            try {
                Attributes attributes = sftp.stat(path);
                return attributes.isRegularFile() ? Optional.of(info(key, attributes)) : Optional.empty();
            } catch (SftpException e) {
                if (isMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException {
        if (prefix == null) {
            throw new StorageException(Kind.PERMANENT, "no prefix to list");
        }
        // Walk from the deepest folder the prefix names in full, entering only folders the prefix can reach.
        int slash = prefix.lastIndexOf('/');
        String startKey = slash < 0 ? "" : prefix.substring(0, slash);
        if (!startKey.isEmpty()) {
            pathOf(startKey); // refuses prefixes that could leave the folder
        }
        connection.call("cannot list " + (prefix.isEmpty() ? "the objects" : prefix), sftp -> {
            Deque<String> folders = new ArrayDeque<>();
            folders.push(startKey);
            boolean start = true;
            while (!folders.isEmpty()) {
                String folderKey = folders.pop();
                String dir = folderKey.isEmpty() ? settings.folder() : pathOf(folderKey);
                List<DirEntry> entries;
                try {
                    entries = readDirectory(sftp, dir);
                } catch (SftpException e) {
                    if (!isMissing(e)) {
                        throw e;
                    }
                    if (start && !settings.createIfMissing() && !isDirectory(sftp, settings.folder())) {
                        throw missingFolder();
                    }
                    entries = List.of(); // not created yet, or deleted while listing
                }
                start = false;
                for (DirEntry entry : entries) {
                    String name = entry.getFilename();
                    if (name.equals(".") || name.equals("..") || name.contains("/")) {
                        continue;
                    }
                    String key = folderKey.isEmpty() ? name : folderKey + "/" + name;
                    Attributes attributes = entry.getAttributes();
                    if (attributes.isDirectory()) {
                        boolean temp = folderKey.isEmpty() && name.equals(TEMP_FOLDER);
                        String asFolder = key + "/";
                        if (!temp && (asFolder.startsWith(prefix) || prefix.startsWith(asFolder))) {
                            folders.push(key);
                        }
                    } else if (attributes.isRegularFile() && key.startsWith(prefix)) {
                        consumer.accept(info(key, attributes));
                    }
                }
            }
            return null;
        });
    }

    private static List<DirEntry> readDirectory(SftpClient sftp, String dir) throws IOException {
        List<DirEntry> entries = new java.util.ArrayList<>();
        try (CloseableHandle handle = sftp.openDir(dir)) {
            for (List<DirEntry> batch = sftp.readDir(handle); batch != null && !batch.isEmpty();
                    batch = sftp.readDir(handle)) {
                entries.addAll(batch);
            }
        }
        return entries;
    }

    @Override
    public void delete(String key) throws StorageException {
        String path = pathOf(key);
        connection.call("cannot delete " + key, sftp -> {
            try {
                sftp.remove(path);
            } catch (SftpException e) {
                if (!isMissing(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public StorageUsage usage() throws StorageException {
        long[] used = {0};
        list("", info -> used[0] += info.size());
        long available = connection.call("cannot ask " + settings.server() + " for free space", sftp -> {
            OpenSSHStatPathExtension statvfs = sftp.getExtension(OpenSSHStatPathExtension.class);
            if (statvfs == null || !statvfs.isSupported()) {
                return StorageUsage.UNKNOWN;
            }
            try {
                OpenSSHStatExtensionInfo info = statvfs.stat(settings.folder());
                return info.f_bavail * (info.f_frsize > 0 ? info.f_frsize : info.f_bsize);
            } catch (SftpException e) {
                return StorageUsage.UNKNOWN;
            }
        });
        return new StorageUsage(used[0], available);
    }

    @Override
    public void verifyAccess() throws StorageException {
        String probe = TEMP_FOLDER + "/access-check-" + UUID.randomUUID();
        byte[] content = ("Shoebox access check " + probe).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        create(probe, ByteSource.of(content));
        try (InputStream in = read(probe)) {
            if (!Arrays.equals(in.readAllBytes(), content)) {
                throw new StorageException(Kind.PERMANENT, "a test file written to " + settings + " read back"
                        + " different; the server does not store files faithfully");
            }
        } catch (IOException e) {
            throw failures.classify("cannot read back a test file in " + settings, e);
        } finally {
            delete(probe);
        }
    }

    /** Creates {@code dir} and the folders above it, up to the target's folder (created only when allowed). */
    private void mkdirs(SftpClient sftp, String dir) throws IOException {
        if (dir.equals(settings.folder()) && !settings.createIfMissing()) {
            if (isDirectory(sftp, dir)) {
                return;
            }
            throw missingFolder();
        }
        try {
            sftp.mkdir(dir);
        } catch (SftpException e) {
            if (isDirectory(sftp, dir)) {
                return; // there already, or made by a concurrent writer
            }
            String parent = parentOf(dir);
            if (parent == null) {
                throw e;
            }
            // The parent is missing, or was missing a moment ago and a concurrent writer made it since.
            mkdirs(sftp, parent);
            try {
                sftp.mkdir(dir);
            } catch (SftpException again) {
                if (!isDirectory(sftp, dir)) {
                    throw again;
                }
            }
        }
    }

    private StorageException missingFolder() {
        return new StorageException(Kind.NOT_FOUND, "folder " + settings.folder() + " does not exist on "
                + settings.server() + "; create it on the server, correct the folder, or allow the target to create"
                + " it");
    }

    private static boolean exists(SftpClient sftp, String path) throws IOException {
        try {
            sftp.lstat(path);
            return true;
        } catch (SftpException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isDirectory(SftpClient sftp, String path) throws IOException {
        try {
            return sftp.stat(path).isDirectory();
        } catch (SftpException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void removeQuietly(SftpClient sftp, String path) {
        try {
            sftp.remove(path);
        } catch (IOException | RuntimeException e) {
            // Never renamed into place, so invisible: a leftover in .tmp harms nothing.
        }
    }

    private static boolean isMissing(SftpException e) {
        return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
    }

    private static ObjectInfo info(String key, Attributes attributes) {
        java.nio.file.attribute.FileTime modified = attributes.getModifyTime();
        return new ObjectInfo(key, attributes.getSize(),
                modified == null ? java.time.Instant.EPOCH : modified.toInstant());
    }

    private InputStream openSource(String key, ByteSource content) throws StorageException {
        try {
            return new SourceInputStream(content.open(), key);
        } catch (IOException e) {
            throw sourceFailure(key, e);
        }
    }

    private static long copy(String key, InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[TRANSFER_CHUNK];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0;) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static StorageException sourceFailure(String key, IOException e) {
        return new StorageException(Kind.TRANSIENT, "cannot read the content to store as " + key + ": "
                + e.getMessage(), e);
    }

    /** The content being uploaded; its failures are the source's, not the server's, and say so. */
    private static final class SourceInputStream extends java.io.FilterInputStream {
        private final String key;

        SourceInputStream(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw sourceFailure(key, e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw sourceFailure(key, e);
            }
        }
    }

    /** A range of a remote file; closing it gives its channel back to the pool. */
    private final class RemoteInputStream extends InputStream {
        private final InputStream in;
        private final SftpConnection.Lease lease;
        private final String what;
        private long remaining;
        private boolean healthy = true;
        private boolean closed;

        RemoteInputStream(InputStream in, long length, SftpConnection.Lease lease, String what) {
            this.in = in;
            this.remaining = length;
            this.lease = lease;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException(what + ": stream closed");
            }
            if (remaining <= 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            try {
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                if (n > 0) {
                    remaining -= n;
                }
                return n;
            } catch (IOException | RuntimeException e) {
                healthy = e instanceof SftpException;
                throw failures.classify(what, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                healthy = false;
                throw failures.classify(what, e);
            } finally {
                lease.release(healthy);
            }
        }
    }

    /** Maps a key to its path on the server, refusing any key that could reach outside the folder. */
    String pathOf(String key) throws StorageException {
        Storage.checkKey(key);
        return child(settings.folder(), key);
    }

    private static String child(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    @Override
    public String toString() {
        return "SFTP target " + settings;
    }
}
