package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;

/**
 * Puts a restored file's or folder's owner, mode, extended attributes and times back, as far as this
 * process may: owners only when it runs as root (by name where the name exists here, else by number,
 * as tar does), the rest always. What the destination cannot hold (extended attributes on a file
 * system without them) is said once per restore, not once per file. Thread-safe.
 */
final class RestoredAttributes {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Consumer<String> warnOnce;
    private final Set<String> said = ConcurrentHashMap.newKeySet();
    private final Map<String, Optional<UserPrincipal>> users = new ConcurrentHashMap<>();
    private final Map<String, Optional<GroupPrincipal>> groups = new ConcurrentHashMap<>();
    /** The owner of the files this process creates, learned from the first one; -1 until then or when unknown. */
    private volatile int processUid = -2;

    /** @param warn receives each kind of problem once */
    RestoredAttributes(Consumer<String> warn) {
        this.warnOnce = warn;
    }

    /**
     * Applies what the node records to {@code path}: owner first (giving a file away clears its set-id
     * bits), then extended attributes and times, and the mode last, since the JDK opens the file to set
     * the others and a mode such as {@code 000} would forbid that to a server that is not root.
     */
    void apply(Path path, Node node) throws IOException {
        NodeAttributes attributes = node.attributes();
        if (attributes.uid() >= 0 || attributes.user() != null) {
            owner(path, attributes);
        }
        for (Map.Entry<String, byte[]> xattr : attributes.xattrs().entrySet()) {
            xattr(path, xattr.getKey(), xattr.getValue());
        }
        if (node.mtime() != null || attributes.created() != null) {
            BasicFileAttributeView times = Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW);
            times.setTimes(node.mtime() == null ? null : FileTime.from(node.mtime()), null,
                    attributes.created() == null ? null : FileTime.from(attributes.created()));
        }
        if (attributes.uid() >= 0 || node.mode() != 0) {
            mode(path, node.mode());
        }
    }

    private void owner(Path path, NodeAttributes attributes) throws IOException {
        int uid = processUid(path);
        if (uid != 0) {
            if (uid >= 0 && attributes.uid() >= 0 && attributes.uid() != uid) {
                say("owners are not restored: only a server running as root may give files to other users");
            }
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, NOFOLLOW);
        Optional<UserPrincipal> user = attributes.user() == null ? Optional.empty()
                : users.computeIfAbsent(attributes.user(), name -> lookup(path, name, false).map(UserPrincipal.class::cast));
        if (user.isPresent()) {
            view.setOwner(user.get());
        } else if (attributes.uid() >= 0) {
            Files.setAttribute(path, "unix:uid", (int) attributes.uid(), NOFOLLOW);
        }
        Optional<GroupPrincipal> group = attributes.group() == null ? Optional.empty()
                : groups.computeIfAbsent(attributes.group(), name -> lookup(path, name, true).map(GroupPrincipal.class::cast));
        if (group.isPresent()) {
            view.setGroup(group.get());
        } else if (attributes.gid() >= 0) {
            Files.setAttribute(path, "unix:gid", (int) attributes.gid(), NOFOLLOW);
        }
    }

    /** Who this process is, as the owner of a file it just created: only root (0) may give files away. */
    private int processUid(Path created) {
        int known = processUid;
        if (known == -2) {
            try {
                known = ((Number) Files.getAttribute(created, "unix:uid", NOFOLLOW)).intValue();
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                known = -1;
            }
            processUid = known;
        }
        return known;
    }

    private static Optional<? extends UserPrincipal> lookup(Path path, String name, boolean group) {
        try {
            var service = path.getFileSystem().getUserPrincipalLookupService();
            return Optional.of(group ? service.lookupPrincipalByGroupName(name) : service.lookupPrincipalByName(name));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private void mode(Path path, int mode) throws IOException {
        try {
            Files.setAttribute(path, "unix:mode", mode & 07777, NOFOLLOW);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            say("permissions are not restored: the destination does not have POSIX permissions");
        }
    }

    private void xattr(Path path, String name, byte[] value) throws IOException {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    NOFOLLOW);
            if (view == null) {
                throw new UnsupportedOperationException();
            }
            view.write(name, ByteBuffer.wrap(value));
        } catch (UnsupportedOperationException e) {
            say("extended attributes are not restored: the destination's file system does not support them");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.toString() : e.getReason();
            say("extended attribute " + name + " could not be restored (" + reason + ")");
        }
    }

    private void say(String message) {
        if (said.add(message)) {
            warnOnce.accept(message);
        }
    }
}
