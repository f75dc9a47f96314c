package io.shoebox.source.folder.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.admin.ShoeboxHome;
import io.shoebox.api.source.FileAttributes;
import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceType;
import io.shoebox.api.source.SourceVisitor;

/**
 * A source that is a folder on this server.
 *
 * <p>The walk is depth first and sorted: the entries of every folder are taken in name order and
 * a subfolder is walked where its name falls, so the reported paths come in the order of their
 * name components and two walks of an unchanged folder report the same sequence. Every folder
 * below the root is reported before its contents. It costs one directory listing per folder and
 * one {@code lstat} per entry, with no exception on the normal path. System clutter is left out
 * silently (see {@link Exclusions}); what a user may be missing is reported as a problem:
 * unreadable folders, pipes and devices, iCloud placeholders of photos that are not downloaded,
 * and symbolic links that are not followed and point outside the folder.
 *
 * <p>Names are reported byte for byte as {@link FileNames} describes, so a name that is not valid
 * UTF-8 is backed up and opened like any other.
 */
@Component(
        configurationPid = FolderSource.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Source.class)
@SourceType(FolderSource.TYPE)
@Designate(ocd = FolderSourceConfig.class, factory = true)
public class FolderSource implements Source {

    static final String TYPE = "folder";
    private static final boolean WINDOWS_PATHS = java.io.File.separatorChar == '\\';
    static final String FACTORY_PID = Source.FACTORY_PID_PREFIX + TYPE;

    /** Extended attributes of one entry are held in memory; more than this is refused. */
    static final long MAX_EXTENDED_ATTRIBUTES = 16L << 20;

    private static final Comparator<Child> BY_NAME = Comparator.comparing(Child::name);

    private final Path root;
    private final boolean followLinks;
    private final Exclusions exclusions;
    private final boolean unixView;

    /** The real path of the last folder {@link #open} checked; files are opened folder by folder. */
    private volatile Path lastCheckedFolder;

    /** Whether the file store on each device holds user attributes; asking the JDK reads the mount table. */
    private final Map<Long, Boolean> userAttributesOnDevice = new ConcurrentHashMap<>();

    @Activate
    public FolderSource(FolderSourceConfig config, BundleContext context) {
        this(ShoeboxHome.resolve(config.path(), context),
                config.followLinks(), config.includeHidden(), config.excludes());
    }

    /** A source at {@code root}, for embedding and tests; the server creates sources from configuration. */
    public FolderSource(Path root, boolean followLinks, boolean includeHidden, String... excludes) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.followLinks = followLinks;
        this.exclusions = new Exclusions(includeHidden, excludes);
        this.unixView = this.root.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    Path root() {
        return root;
    }

    @Override
    public void walk(SourceVisitor visitor) throws IOException {
        Objects.requireNonNull(visitor, "visitor");
        Stat top = checkRoot();
        Deque<Object> ancestors = new ArrayDeque<>();
        if (top.key != null) {
            ancestors.push(top.key);
        }
        new Walk(visitor, top.dev, ancestors, realRoot()).folder(root, "");
    }

    private Path realRoot() {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

    private Stat checkRoot() throws IOException {
        Stat stat;
        try {
            stat = stat(root, true);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(root.toString(), null,
                    "source folder " + root + " does not exist; is the drive mounted?");
        } catch (IOException e) {
            throw new IOException("cannot read source folder " + root + ": " + reason(e), e);
        }
        if (!stat.directory) {
            throw new NotDirectoryException("source " + root + " is not a folder");
        }
        return stat;
    }

    @Override
    public InputStream open(SourceEntry entry) throws IOException {
        String relative = checkRelative(Objects.requireNonNull(entry, "entry").path());
        try {
            Path file = locate(relative);
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, links());
            if (!attributes.isRegularFile()) {
                throw new IOException(FileNames.display(relative) + " is not a regular file (any more); not read");
            }
            return followLinks
                    ? Files.newInputStream(file, StandardOpenOption.READ)
                    : Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw vanished(relative);
        } catch (AccessDeniedException e) {
            throw permissionDenied(relative, e);
        } catch (FileSystemException e) {
            throw linkOrItself(e, relative);
        }
    }

    /**
     * The user-defined extended attributes of a file or folder (on Linux, the {@code user.}
     * namespace without its prefix), sorted by name. Links are followed only where the walk follows
     * them, so the attributes belong to what was backed up.
     */
    @Override
    public Map<String, byte[]> extendedAttributes(SourceEntry entry) throws IOException {
        String relative = checkRelative(Objects.requireNonNull(entry, "entry").path());
        try {
            Path file = locate(relative);
            Stat stat = stat(file, followLinks);
            if (!stat.regular && !stat.directory) {
                // reading attributes opens the entry, which would block on a pipe
                throw new IOException(FileNames.display(relative) + (stat.link
                        ? " has become a symbolic link; not followed"
                        : " is not a regular file or folder (any more); its attributes are not read"));
            }
            if (!userAttributesSupported(file, stat)) {
                return Map.of();
            }
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, links());
            return readUserAttributes(view, relative, MAX_EXTENDED_ATTRIBUTES);
        } catch (NoSuchFileException e) {
            throw vanished(relative);
        } catch (AccessDeniedException e) {
            throw permissionDenied(relative, e);
        } catch (FileSystemException e) {
            throw linkOrItself(e, relative);
        }
    }

    private boolean userAttributesSupported(Path file, Stat stat) throws IOException {
        if (stat.dev < 0) {
            return Files.getFileStore(file).supportsFileAttributeView(UserDefinedFileAttributeView.class);
        }
        Boolean supported = userAttributesOnDevice.get(stat.dev);
        if (supported == null) {
            supported = Files.getFileStore(file).supportsFileAttributeView(UserDefinedFileAttributeView.class);
            userAttributesOnDevice.put(stat.dev, supported);
        }
        return supported;
    }

    /** Reads every attribute of {@code view}; refuses once their names and values add up to more than {@code limit}. */
    static Map<String, byte[]> readUserAttributes(UserDefinedFileAttributeView view, String relative, long limit)
            throws IOException {
        Map<String, byte[]> attributes = new TreeMap<>();
        long total = 0;
        for (String name : view.list()) {
            int size = view.size(name);
            total += name.length() + (long) size;
            if (total > limit) {
                throw new IOException(FileNames.display(relative) + ": extended attributes larger than "
                        + describeSize(limit) + " in total; not read");
            }
            ByteBuffer value = ByteBuffer.allocate(size);
            view.read(name, value);
            attributes.put(name, value.position() == size ? value.array() : Arrays.copyOf(value.array(), value.position()));
        }
        return Collections.unmodifiableMap(attributes);
    }

    private static String describeSize(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /**
     * The file of an entry, byte for byte. With links not followed, a folder on the way must not
     * lead out of the root.
     */
    private Path locate(String relative) throws IOException {
        Path file;
        try {
            file = FileNames.resolve(root, relative);
        } catch (IllegalArgumentException e) {
            throw new IOException(refusal(relative) + " (" + e.getMessage() + ")", e);
        }
        if (!followLinks) {
            checkNoLinkOnTheWay(file.getParent(), relative);
        }
        return file;
    }

    private NoSuchFileException vanished(String relative) {
        if (!Files.isDirectory(root)) {
            return new NoSuchFileException(FileNames.display(relative), null,
                    "source folder " + root + " has gone away; was the drive unmounted?");
        }
        return new NoSuchFileException(FileNames.display(relative), null, "vanished since the folder was scanned");
    }

    /** The JDK's message names only the absolute path; this one names the entry and the reason. */
    private static AccessDeniedException permissionDenied(String relative, AccessDeniedException cause) {
        AccessDeniedException denied = new AccessDeniedException(FileNames.display(relative), null, "permission denied");
        denied.initCause(cause);
        return denied;
    }

    /** Opening with links not followed fails with a reason that names them when the entry became one. */
    private IOException linkOrItself(FileSystemException e, String relative) {
        if (!followLinks && e.getReason() != null && e.getReason().contains("symbolic link")) {
            return new IOException(FileNames.display(relative) + " has become a symbolic link; not followed", e);
        }
        return e;
    }

    /**
     * Refuses paths that are absolute, empty, or climb out of the root with {@code ..}. A backslash
     * and a drive letter only mean something where the platform's separator is a backslash; elsewhere
     * {@code back\\slash.jpg} is an ordinary name.
     */
    private static String checkRelative(String path) throws IOException {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0
                || WINDOWS_PATHS && (path.indexOf('\\') >= 0 || path.length() > 1 && path.charAt(1) == ':')) {
            throw new IOException(refusal(path));
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IOException(refusal(path));
            }
        }
        return path;
    }

    private static String refusal(String path) {
        return "refusing to open '" + (path == null ? null : FileNames.display(path))
                + "': not a path inside the source folder";
    }

    /** With links not followed, a folder on the way that is (or became) a link must not lead out. */
    private void checkNoLinkOnTheWay(Path folder, String relative) throws IOException {
        if (folder.equals(lastCheckedFolder)) {
            return;
        }
        Path real = folder.toRealPath();
        Path expected = root.toRealPath().resolve(root.relativize(folder));
        if (!real.equals(expected)) {
            throw new IOException("refusing to open '" + FileNames.display(relative)
                    + "': a symbolic link on the way leads outside the source folder");
        }
        lastCheckedFolder = folder;
    }

    /** What one {@code stat} tells: enough to classify an entry and describe it. */
    static final class Stat {
        boolean regular;
        boolean directory;
        boolean link;
        long size;
        FileTime modified;
        long dev = -1;
        long ino = -1;
        /** The file key (basic view), or a folder's device and inode: tells a folder from those above it. */
        Object key;
        int mode = -1;
        /** Owner and group as the {@code unix:} view gives them (signed), or null. */
        Integer uid;
        Integer gid;
        FileTime changed;
        FileTime created;
    }

    /** A folder's identity where the {@code unix:} view gives device and inode. */
    private record Inode(long dev, long ino) {
    }

    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private LinkOption[] links() {
        return followLinks ? FOLLOW : NOFOLLOW;
    }

    private static final String UNIX_ATTRIBUTES = "unix:mode,ino,dev,uid,gid,ctime,size,lastModifiedTime,creationTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int PERMISSION_BITS = 07777;

    /**
     * One {@code lstat} (or {@code stat}). Where the platform has the {@code unix:} view it gives
     * mode, owner and times in the same call; the map and name parsing that come with it cost about
     * a third more than the basic view, which elsewhere is all there is.
     */
    private Stat stat(Path path, boolean follow) throws IOException {
        return unixView ? unixStat(path, follow) : basicStat(path, follow);
    }

    private static Stat unixStat(Path path, boolean follow) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, UNIX_ATTRIBUTES, follow ? FOLLOW : NOFOLLOW);
        Stat stat = new Stat();
        int mode = (Integer) attributes.get("mode");
        int type = mode & S_IFMT;
        stat.regular = type == S_IFREG;
        stat.directory = type == S_IFDIR;
        stat.link = type == S_IFLNK;
        stat.mode = mode & PERMISSION_BITS;
        stat.size = (Long) attributes.get("size");
        stat.modified = (FileTime) attributes.get("lastModifiedTime");
        stat.dev = (Long) attributes.get("dev");
        stat.ino = (Long) attributes.get("ino");
        stat.key = stat.directory ? new Inode(stat.dev, stat.ino) : null;
        stat.uid = (Integer) attributes.get("uid");
        stat.gid = (Integer) attributes.get("gid");
        stat.changed = (FileTime) attributes.get("ctime");
        stat.created = birthTime((FileTime) attributes.get("creationTime"), stat.modified);
        return stat;
    }

    /**
     * One {@code lstat} through the basic view. On Unix the file key carries device and inode:
     * {@code (dev=803,ino=1234)}.
     */
    private static Stat basicStat(Path path, boolean follow) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, follow ? FOLLOW : NOFOLLOW);
        Stat stat = new Stat();
        stat.regular = attributes.isRegularFile();
        stat.directory = attributes.isDirectory();
        stat.link = attributes.isSymbolicLink();
        stat.size = attributes.size();
        stat.modified = attributes.lastModifiedTime();
        stat.created = birthTime(attributes.creationTime(), stat.modified);
        stat.key = attributes.fileKey();
        if (stat.key != null) {
            parseUnixKey(stat, stat.key.toString());
        }
        return stat;
    }

    /** Where the platform records no birth time, the JDK gives the modification time instead. */
    private static FileTime birthTime(FileTime creation, FileTime modified) {
        return creation == null || creation.equals(modified) ? null : creation;
    }

    /** Reads device and inode from a Unix file key's text, {@code (dev=803,ino=1234)}; leaves them -1 otherwise. */
    static void parseUnixKey(Stat stat, String key) {
        if (!key.startsWith("(dev=") || !key.endsWith(")")) {
            return;
        }
        int comma = key.indexOf(",ino=");
        if (comma < 0) {
            return;
        }
        try {
            long dev = Long.parseLong(key, 5, comma, 16);
            long ino = Long.parseLong(key, comma + 5, key.length() - 1, 10);
            stat.dev = dev;
            stat.ino = ino;
        } catch (NumberFormatException e) {
            // an unexpected format: fall back to the key's text
        }
    }

    private record Child(String name, Path path) {
    }

    /** One walk: the visitor, the root's device and, when links are followed, the folders above. */
    private final class Walk {
        private final SourceVisitor visitor;
        private final long rootDev;
        private final Deque<Object> ancestors;
        private final Path realRoot;
        private final Owners owners = new Owners();

        Walk(SourceVisitor visitor, long rootDev, Deque<Object> ancestors, Path realRoot) {
            this.visitor = visitor;
            this.rootDev = rootDev;
            this.ancestors = ancestors;
            this.realRoot = realRoot;
        }

        /** Walks {@code folder}; {@code false} once the visitor asked to stop. */
        boolean folder(Path folder, String prefix) {
            List<Child> children = list(folder, prefix);
            if (children == null) {
                return true;
            }
            children.sort(BY_NAME);
            for (Child child : children) {
                String name = child.name();
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                switch (exclusions.check(name, path)) {
                    case SKIP:
                        continue;
                    case PLACEHOLDER:
                        String target = prefix.isEmpty()
                                ? Exclusions.placeholderTarget(name)
                                : prefix + "/" + Exclusions.placeholderTarget(name);
                        visitor.problem(target, "not downloaded: only an iCloud placeholder (" + FileNames.display(name)
                                + ") is on this disk; download it (or turn off 'Optimize Storage') to back it up");
                        continue;
                    default:
                        break;
                }
                if (!entry(child.path(), path)) {
                    return false;
                }
            }
            return true;
        }

        private List<Child> list(Path folder, String prefix) {
            List<Child> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                for (Path child : stream) {
                    children.add(new Child(FileNames.nameOf(child), child));
                }
                return children;
            } catch (NoSuchFileException e) {
                return null; // deleted while we walked: nothing left to back up
            } catch (IOException | RuntimeException e) {
                visitor.problem(prefix, "cannot read folder: " + reason(e));
                return null;
            }
        }

        private boolean entry(Path file, String path) {
            Stat stat;
            try {
                stat = stat(file, false);
                if (stat.link) {
                    if (!followLinks) {
                        notFollowed(file, path);
                        return true;
                    }
                    stat = followed(file, path);
                    if (stat == null) {
                        return true;
                    }
                }
            } catch (NoSuchFileException e) {
                return true; // deleted between listing and reading: not a problem, just gone
            } catch (IOException | RuntimeException e) {
                visitor.problem(path, "cannot read: " + reason(e));
                return true;
            }
            if (stat.regular) {
                return visitor.file(describe(file, path, stat.size, stat));
            }
            if (stat.directory) {
                return subfolder(file, path, stat);
            }
            visitor.problem(path, "not a regular file (a pipe, socket or device); skipped");
            return true;
        }

        private boolean subfolder(Path folder, String path, Stat stat) {
            boolean guardLoops = followLinks && stat.key != null;
            if (guardLoops && ancestors.contains(stat.key)) {
                visitor.problem(path, "symbolic link loop: leads back to a folder above it; not followed again");
                return true;
            }
            if (!visitor.folder(describe(folder, path, 0, stat))) {
                return false;
            }
            if (!guardLoops) {
                return folder(folder, path);
            }
            ancestors.push(stat.key);
            try {
                return folder(folder, path);
            } finally {
                ancestors.pop();
            }
        }

        private SourceEntry describe(Path file, String path, long size, Stat stat) {
            FileAttributes attributes = new FileAttributes(stat.mode, unsigned(stat.uid), unsigned(stat.gid),
                    owners.user(stat.uid, file), owners.group(stat.gid, file),
                    instantOrNull(stat.changed), instantOrNull(stat.created));
            return new SourceEntry(path, size, instant(stat.modified), fileId(stat), attributes);
        }

        /** Links pointing inside the root are skipped quietly: their targets are backed up where they are. */
        private void notFollowed(Path link, String path) {
            Path target;
            try {
                target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            } catch (IOException | RuntimeException e) {
                visitor.problem(path, "symbolic link not followed: " + reason(e));
                return;
            }
            if (!target.startsWith(root) && !target.startsWith(realRoot)) {
                visitor.problem(path, "symbolic link to " + target
                        + " not followed (outside the source folder; turn on 'Follow symbolic links' to back it up)");
            } else if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                visitor.problem(path, "broken symbolic link: " + target + " does not exist");
            }
        }

        private Stat followed(Path link, String path) throws IOException {
            try {
                return stat(link, true);
            } catch (NoSuchFileException e) {
                visitor.problem(path, "broken symbolic link: its target does not exist");
            } catch (FileSystemLoopException e) {
                visitor.problem(path, "symbolic link loop; not followed");
            } catch (FileSystemException e) {
                if (e.getReason() != null && e.getReason().contains("levels of symbolic links")) {
                    visitor.problem(path, "symbolic link loop; not followed");
                } else {
                    throw e;
                }
            }
            return null;
        }

        private String fileId(Stat stat) {
            if (stat.ino >= 0) {
                // The inode alone on the root's device keeps ids stable when a drive is mounted again
                // under another device number; files on other devices need the device to be unique.
                return stat.dev == rootDev ? Long.toString(stat.ino) : stat.dev + ":" + stat.ino;
            }
            return stat.key == null ? null : stat.key.toString();
        }
    }

    /**
     * User and group names of one walk. Each lookup reads the user database, so every id is looked
     * up once, through the first entry that carries it; names may change between walks.
     */
    private final class Owners {
        private final Map<Integer, String> users = new HashMap<>();
        private final Map<Integer, String> groups = new HashMap<>();

        String user(Integer uid, Path file) {
            return name(users, uid, file);
        }

        String group(Integer gid, Path file) {
            return name(groups, gid, file);
        }

        private String name(Map<Integer, String> names, Integer id, Path file) {
            if (id == null) {
                return null;
            }
            String name = names.get(id);
            if (name == null && !names.containsKey(id)) {
                lookUp(file);
                name = names.get(id);
            }
            return name;
        }

        /**
         * Reads the names with the ids they belong to in one {@code stat}, so an owner changed since
         * the walk's {@code stat} is not taken for the old one; that id is tried again on its next entry.
         */
        private void lookUp(Path file) {
            Map<String, Object> attributes;
            try {
                attributes = Files.readAttributes(file, "unix:uid,gid,owner,group", links());
            } catch (IOException | RuntimeException e) {
                return; // gone or changed since its stat: the next entry with these ids tries again
            }
            users.putIfAbsent((Integer) attributes.get("uid"),
                    nameOrNull((UserPrincipal) attributes.get("owner"), (Integer) attributes.get("uid")));
            groups.putIfAbsent((Integer) attributes.get("gid"),
                    nameOrNull((UserPrincipal) attributes.get("group"), (Integer) attributes.get("gid")));
        }
    }

    /** The JDK names an id the user database does not know by its number: no name then. */
    private static String nameOrNull(UserPrincipal principal, Integer id) {
        String name = principal == null ? null : principal.getName();
        return name == null || name.equals(id.toString()) ? null : name;
    }

    private static long unsigned(Integer id) {
        return id == null ? -1 : Integer.toUnsignedLong(id);
    }

    private static Instant instant(FileTime time) {
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    private static Instant instantOrNull(FileTime time) {
        return time == null ? null : time.toInstant();
    }

    static String reason(Throwable e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
