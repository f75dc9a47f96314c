package io.shoebox.source.folder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.source.SourceEntry;
import io.shoebox.api.source.SourceVisitor;

/** The folder source as users meet it: what a walk reports, in which order, and what open refuses. */
class FolderSourceTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    /** Records a walk; stops when {@code onFile} or {@code onFolder} says so. */
    static final class Recorder implements SourceVisitor {
        final List<SourceEntry> files = new ArrayList<>();
        final List<SourceEntry> folders = new ArrayList<>();
        /** Every path in the order reported, folders with a trailing {@code /}. */
        final List<String> order = new ArrayList<>();
        final Map<String, String> problems = new LinkedHashMap<>();
        Predicate<SourceEntry> onFile = e -> true;
        Predicate<SourceEntry> onFolder = e -> true;

        @Override
        public boolean file(SourceEntry entry) {
            files.add(entry);
            order.add(entry.path());
            return onFile.test(entry);
        }

        @Override
        public boolean folder(SourceEntry entry) {
            folders.add(entry);
            order.add(entry.path() + "/");
            return onFolder.test(entry);
        }

        SourceEntry file(String path) {
            return files.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow(
                    () -> new AssertionError(path + " not reported as a file"));
        }

        SourceEntry folder(String path) {
            return folders.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow(
                    () -> new AssertionError(path + " not reported as a folder"));
        }

        @Override
        public void problem(String path, String message) {
            problems.put(path, message);
        }

        List<String> paths() {
            return files.stream().map(SourceEntry::path).toList();
        }
    }

    private FolderSource source() {
        return new FolderSource(root, false, true);
    }

    private static Recorder walk(FolderSource source) throws IOException {
        Recorder recorder = new Recorder();
        source.walk(recorder);
        return recorder;
    }

    private Path write(String relative) throws IOException {
        return write(root, relative, relative);
    }

    private static Path write(Path base, String relative, String content) throws IOException {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void leavesOutSystemClutterAndPartialDownloadsSilently() throws IOException {
        write("DCIM/100APPLE/IMG_0001.JPG");
        write("DCIM/100APPLE/IMG_0001.AAE");
        for (String junk : List.of(".DS_Store", "Thumbs.db", "thumbs.db", "desktop.ini", "._IMG_0001.JPG",
                "@eaDir/IMG_0001.JPG/SYNOPHOTO_THUMB_XL.jpg", ".@__thumb/IMG_0001.JPG", "#recycle/old.jpg",
                ".Trashes/501/x.jpg", ".Spotlight-V100/Store-V2/a", ".fseventsd/0001", "$RECYCLE.BIN/S-1-5/x.jpg",
                "System Volume Information/IndexerVolumeGuid", "IMG_0002.JPG.part", "clip.mov.crdownload",
                "movie.mp4.download/movie.mp4", "IMG_0003.HEIC.partial", "IMG_0004.JPG.tmp", "~$album.docx",
                ".thumbnails/1.jpg", ".Trash-1000/files/x.jpg")) {
            write("DCIM/100APPLE/" + junk);
        }

        Recorder walk = walk(source());

        assertThat(walk.paths()).containsExactly("DCIM/100APPLE/IMG_0001.AAE", "DCIM/100APPLE/IMG_0001.JPG");
        assertThat(walk.problems).isEmpty();
    }

    @Test
    void keepsHiddenFilesByDefaultAndLeavesThemOutWhenAsked() throws IOException {
        write("2024/.hidden-favourite.jpg");
        write("2024/IMG_1.JPG");
        write(".picasa/contacts.xml");

        assertThat(walk(source()).paths())
                .containsExactly(".picasa/contacts.xml", "2024/.hidden-favourite.jpg", "2024/IMG_1.JPG");
        assertThat(walk(new FolderSource(root, false, false)).paths()).containsExactly("2024/IMG_1.JPG");
    }

    @Test
    void userExcludesMatchNamesAnywhereOrPathsFromTheRootIgnoringCase() throws IOException {
        write("2023/01/IMG_1.JPG");
        write("2023/01/IMG_1.aae");
        write("2023/Screenshots/s1.png");
        write("Family/Private/secret.jpg");
        write("Family/Public/Private/kept.jpg");

        FolderSource source = new FolderSource(root, false, true, "*.AAE", "screenshots", "/Family/Private/**");

        assertThat(walk(source).paths())
                .containsExactly("2023/01/IMG_1.JPG", "Family/Public/Private/kept.jpg");
    }

    @Test
    void walksInNameOrderWithSubfoldersWhereTheirNamesFallAndRepeatsItself() throws IOException {
        for (String path : List.of("b/2.jpg", "a.jpg", "b/1.jpg", "c.jpg", "b/a/x.jpg", "B.jpg", "a/z.jpg",
                "a/y/1.jpg", "a-b.jpg")) {
            write(path);
        }

        List<String> first = walk(source()).paths();

        // Folder "a" sorts before "a-b.jpg" by name, so its files come first.
        assertThat(first).containsExactly("B.jpg", "a/y/1.jpg", "a/z.jpg", "a-b.jpg", "a.jpg", "b/1.jpg",
                "b/2.jpg", "b/a/x.jpg", "c.jpg");
        assertThat(walk(source()).paths()).isEqualTo(first);
    }

    @Test
    void entriesCarrySizeFullPrecisionTimeAndAFileIdThatSurvivesARename() throws IOException {
        Path photo = write(root, "2024/IMG_1.JPG", "0123456789");
        Instant modified = Instant.parse("2024-05-01T10:15:30.123456789Z");
        Files.setLastModifiedTime(photo, FileTime.from(modified));

        SourceEntry entry = walk(source()).files.get(0);
        assertThat(entry.path()).isEqualTo("2024/IMG_1.JPG");
        assertThat(entry.size()).isEqualTo(10);
        assertThat(entry.modified()).isEqualTo(Files.getLastModifiedTime(photo).toInstant());
        assertThat(entry.modified().getNano()).as("sub-second precision kept").isNotZero();

        if (root.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            assertThat(entry.fileId()).isNotBlank();
            Files.move(photo, root.resolve("2024/renamed.jpg"));
            assertThat(walk(source()).files.get(0).fileId()).isEqualTo(entry.fileId());
        }
    }

    @Test
    void reportsICloudPlaceholdersAsNotDownloaded() throws IOException {
        write("Photos/IMG_1.HEIC");
        write("Photos/.IMG_2.HEIC.icloud");

        Recorder walk = walk(source());

        assertThat(walk.paths()).containsExactly("Photos/IMG_1.HEIC");
        assertThat(walk.problems).containsOnlyKeys("Photos/IMG_2.HEIC");
        assertThat(walk.problems.get("Photos/IMG_2.HEIC")).contains("not downloaded");
    }

    @Test
    void reportsAPipeAndGoesOnWithoutBlocking() throws Exception {
        write("a.jpg");
        Files.createDirectories(root.resolve("b"));
        assumeTrue(mkfifo(root.resolve("b/pipe")), "mkfifo is available");
        write("c.jpg");

        Recorder walk = walk(source());

        assertThat(walk.order).containsExactly("a.jpg", "b/", "c.jpg");
        assertThat(walk.problems).containsOnlyKeys("b/pipe");
        assertThat(walk.problems.get("b/pipe")).contains("not a regular file");
        SourceEntry pipe = new SourceEntry("b/pipe", 0, Instant.now(), null);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThatThrownBy(() -> source().open(pipe))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not a regular file");
            assertThatThrownBy(() -> source().extendedAttributes(pipe))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not a regular file or folder");
        });
    }

    @Test
    void reportsAFolderThatCannotBeReadAndGoesOn() throws Exception {
        // chmod 000 does not stop root; a path longer than PATH_MAX stops everyone.
        Path base = Files.createTempDirectory("shoebox-deep");
        try {
            String name = "d".repeat(200);
            Process mk = new ProcessBuilder("bash", "-c",
                    "cd \"$1\" && echo x > a.jpg && mkdir deep && cd deep && for i in $(seq 1 25); do mkdir " + name
                            + " && cd " + name + " || exit 1; done && echo x > lost.jpg && cd \"$1\" && echo x > z.jpg",
                    "-", base.toString()).start();
            assumeTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "bash can build a deep tree");

            Recorder walk = walk(new FolderSource(base, false, true));

            assertThat(walk.paths()).containsExactly("a.jpg", "z.jpg");
            assertThat(walk.problems).hasSize(1);
            assertThat(walk.problems.keySet().iterator().next()).startsWith("deep/" + name);
            assertThat(walk.problems.values().iterator().next()).contains("cannot read");
        } finally {
            new ProcessBuilder("rm", "-rf", base.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void reportsAFolderWithoutPermissionWhenNotRunningAsRoot() throws IOException {
        write("a.jpg");
        write("locked/b.jpg");
        Path locked = root.resolve("locked");
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeTrue(!Files.isReadable(locked), "not running as root");
            Recorder walk = walk(source());
            assertThat(walk.paths()).containsExactly("a.jpg");
            assertThat(walk.problems).containsEntry("locked", "cannot read folder: permission denied");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileDeletedDuringTheWalkIsSimplyGone() throws IOException {
        write("a.jpg");
        write("b/1.jpg");
        write("c.jpg");
        Recorder recorder = new Recorder();
        recorder.onFile = entry -> {
            try {
                Files.deleteIfExists(root.resolve("b/1.jpg"));
                Files.deleteIfExists(root.resolve("b"));
                Files.deleteIfExists(root.resolve("c.jpg"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return true;
        };

        source().walk(recorder);

        assertThat(recorder.paths()).containsExactly("a.jpg");
        assertThat(recorder.problems).isEmpty();
    }

    @Test
    void stopsWhenTheVisitorSaysSo() throws IOException {
        write("a/1.jpg");
        write("a/2.jpg");
        write("b.jpg");
        Recorder recorder = new Recorder();
        recorder.onFile = entry -> !entry.path().equals("a/1.jpg");

        source().walk(recorder);

        assertThat(recorder.paths()).containsExactly("a/1.jpg");
    }

    @Test
    void stopsWhenTheVisitorDeclinesAFolder() throws IOException {
        write("a/1.jpg");
        write("b/2.jpg");
        write("c.jpg");
        Recorder recorder = new Recorder();
        recorder.onFolder = entry -> !entry.path().equals("b");

        source().walk(recorder);

        assertThat(recorder.order).containsExactly("a/", "a/1.jpg", "b/");
    }

    @Test
    void doesNotFollowLinksAndReportsOnlyThoseThatLeadOutOrNowhere() throws IOException {
        write("album/IMG_1.JPG");
        write(outside, "elsewhere/IMG_9.JPG", "x");
        Files.createSymbolicLink(root.resolve("album/favourite.jpg"), Path.of("IMG_1.JPG"));
        Files.createSymbolicLink(root.resolve("external"), outside.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("broken.jpg"), root.resolve("missing.jpg"));

        Recorder walk = walk(source());

        assertThat(walk.paths()).containsExactly("album/IMG_1.JPG");
        assertThat(walk.problems).containsOnlyKeys("broken.jpg", "external");
        assertThat(walk.problems.get("external")).contains("not followed");
        assertThat(walk.problems.get("broken.jpg")).contains("broken symbolic link");
    }

    @Test
    void followsLinksWhenAskedAndReportsLoopsAndBrokenLinks() throws IOException {
        write("album/IMG_1.JPG");
        write(outside, "elsewhere/IMG_9.JPG", "x");
        Files.createSymbolicLink(root.resolve("external"), outside.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("album/loop"), root.resolve("album"));
        Files.createSymbolicLink(root.resolve("broken.jpg"), root.resolve("missing.jpg"));

        FolderSource source = new FolderSource(root, true, true);
        Recorder walk = walk(source);

        assertThat(walk.order).containsExactly("album/", "album/IMG_1.JPG", "external/", "external/IMG_9.JPG");
        assertThat(walk.folder("external").modified())
                .isEqualTo(Files.getLastModifiedTime(outside.resolve("elsewhere")).toInstant());
        assertThat(walk.problems).containsOnlyKeys("album/loop", "broken.jpg");
        assertThat(walk.problems.get("album/loop")).contains("loop");
        assertThat(walk.problems.get("broken.jpg")).contains("broken symbolic link");
        try (InputStream in = source.open(walk.files.get(1))) {
            assertThat(in.readAllBytes()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void opensFilesOfTheWalk() throws IOException {
        write("2024/IMG_1.JPG");
        FolderSource source = source();
        SourceEntry entry = walk(source).files.get(0);

        try (InputStream in = source.open(entry)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2024/IMG_1.JPG");
        }
    }

    @Test
    void refusesPathsThatEscapeTheRoot() throws IOException {
        write(outside, "secret.txt", "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("secret.txt"));
        FolderSource source = source();

        for (String path : List.of("../" + outside.getFileName() + "/secret.txt", "a/../../x", "/etc/passwd",
                outside.resolve("secret.txt").toString(), "", "./a", "a//b", "link/secret.txt", "file-link",
                "C:/Windows/win.ini", "a\\..\\..\\x", "a\uD800b")) {
            SourceEntry entry = new SourceEntry(path, 6, Instant.now(), null);
            assertThatThrownBy(() -> source.open(entry)).as(path).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> source.extendedAttributes(entry)).as(path).isInstanceOf(IOException.class);
        }
    }

    @Test
    void openReportsAFileThatVanishedSinceTheWalk() throws IOException {
        Path photo = write("IMG_1.JPG");
        FolderSource source = source();
        SourceEntry entry = walk(source).files.get(0);
        Files.delete(photo);

        assertThatThrownBy(() -> source.open(entry))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("IMG_1.JPG")
                .hasMessageContaining("vanished");
    }

    @Test
    void aMissingRootFailsTheWalkWithAClearMessage() throws IOException {
        Path unmounted = root.resolve("Volumes/PhotoDrive");
        assertThatThrownBy(() -> new FolderSource(unmounted, false, true).walk(new Recorder()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("source folder " + unmounted + " does not exist; is the drive mounted?");

        Path file = write("not-a-folder.txt");
        assertThatThrownBy(() -> new FolderSource(file, false, true).walk(new Recorder()))
                .isInstanceOf(NotDirectoryException.class)
                .hasMessageContaining("is not a folder");
    }

    @Test
    void readsDeviceAndInodeFromTheUnixFileKey() {
        FolderSource.Stat stat = new FolderSource.Stat();
        FolderSource.parseUnixKey(stat, "(dev=fe00,ino=2187814)");
        assertThat(stat.dev).isEqualTo(0xfe00);
        assertThat(stat.ino).isEqualTo(2187814);

        FolderSource.Stat other = new FolderSource.Stat();
        FolderSource.parseUnixKey(other, "{volume=1, index=7}");
        assertThat(other.ino).isEqualTo(-1);
    }

    static boolean mkfifo(Path path) throws Exception {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
