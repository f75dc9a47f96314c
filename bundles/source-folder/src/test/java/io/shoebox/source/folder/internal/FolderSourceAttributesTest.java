package io.shoebox.source.folder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.source.FileAttributes;
import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.source.folder.internal.FolderSourceTest.Recorder;

/** Folders, mode, ownership, times and extended attributes: what a restore needs besides the bytes. */
class FolderSourceAttributesTest {

    @TempDir
    Path root;

    @BeforeEach
    void onUnix() {
        assumeTrue(root.getFileSystem().supportedFileAttributeViews().contains("unix"), "the unix attribute view");
    }

    private FolderSource source() {
        return new FolderSource(root, false, true);
    }

    private Recorder walk(FolderSource source) throws IOException {
        Recorder recorder = new Recorder();
        source.walk(recorder);
        return recorder;
    }

    private Path write(String relative) throws IOException {
        Path file = FileNames.resolve(root, relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, FileNames.encode(relative));
    }

    private static void chmod(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private static Map<String, Object> unix(Path path) throws IOException {
        return Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void reportsEveryFolderBelowTheRootBeforeItsContentsWithItsModeAndTime() throws IOException {
        write("a/b/c.jpg");
        write("a/x.jpg");
        Path empty = Files.createDirectories(root.resolve("empty"));
        write("@eaDir/thumb.jpg");
        write("Private/secret.jpg");
        Path a = root.resolve("a");
        chmod(a, 02750);
        chmod(root.resolve("a/b"), 0705);
        chmod(empty, 0700);
        Instant aModified = Instant.parse("2021-03-04T05:06:07.123456789Z");
        Files.setLastModifiedTime(a, FileTime.from(aModified));

        Recorder walk = walk(new FolderSource(root, false, true, "private"));

        assertThat(walk.order).containsExactly("a/", "a/b/", "a/b/c.jpg", "a/x.jpg", "empty/");
        SourceEntry folder = walk.folder("a");
        assertThat(folder.attributes().mode()).as("set-group-id kept").isEqualTo(02750);
        assertThat(folder.modified()).isEqualTo(Files.getLastModifiedTime(a).toInstant()).isEqualTo(aModified);
        assertThat(folder.size()).isZero();
        assertThat(folder.fileId()).isEqualTo(unix(a).get("ino").toString());
        assertThat(walk.folder("a/b").attributes().mode()).isEqualTo(0705);
        assertThat(walk.folder("empty").attributes().mode()).isEqualTo(0700);
        assertThat(walk.problems).isEmpty();
    }

    @Test
    void filesCarryModeOwnerGroupAndTimesAsTheSystemReportsThem() throws IOException {
        Path photo = write("IMG_1.JPG");
        chmod(photo, 0640);
        Map<String, Object> expected = unix(photo);

        SourceEntry entry = walk(source()).file("IMG_1.JPG");

        FileAttributes attributes = entry.attributes();
        assertThat(attributes.mode()).isEqualTo((Integer) expected.get("mode") & 07777).isEqualTo(0640);
        assertThat(attributes.uid()).isEqualTo(Integer.toUnsignedLong((Integer) expected.get("uid")));
        assertThat(attributes.gid()).isEqualTo(Integer.toUnsignedLong((Integer) expected.get("gid")));
        assertThat(attributes.user()).isEqualTo(((UserPrincipal) expected.get("owner")).getName());
        assertThat(attributes.group()).isEqualTo(((UserPrincipal) expected.get("group")).getName());
        assertThat(attributes.changed()).isEqualTo(((FileTime) expected.get("ctime")).toInstant());
        FileTime creation = (FileTime) expected.get("creationTime");
        assertThat(attributes.created()).as("a birth time only where the system records one")
                .isEqualTo(creation.equals(expected.get("lastModifiedTime")) ? null : creation.toInstant());
        assertThat(entry.fileId()).isEqualTo(expected.get("ino").toString());
    }

    @Test
    void theStatusChangeTimeMovesAfterAChmodWhileTheModificationTimeStays() throws Exception {
        Path photo = write("IMG_1.JPG");
        chmod(photo, 0644);
        SourceEntry before = walk(source()).file("IMG_1.JPG");

        Thread.sleep(50); // the kernel stamps ctime from a clock that ticks every few milliseconds
        chmod(photo, 0600);
        SourceEntry after = walk(source()).file("IMG_1.JPG");

        assertThat(after.attributes().mode()).isEqualTo(0600);
        assertThat(after.attributes().changed()).isAfter(before.attributes().changed());
        assertThat(after.modified()).isEqualTo(before.modified());
    }

    @Test
    void eachOwnerGetsItsOwnNameAndOneWithoutANameIsKeptByNumber() throws IOException {
        Path mine = write("a-mine.jpg");
        Path nameless = write("b-nameless.jpg");
        Path nobody = write("c-nobody.jpg");
        Path namelessAgain = write("d-nameless.jpg");
        try {
            for (Path file : new Path[] {nameless, namelessAgain}) {
                Files.setAttribute(file, "unix:uid", 54321);
                Files.setAttribute(file, "unix:gid", 54321);
            }
            Files.setAttribute(nobody, "unix:uid", 65534);
        } catch (FileSystemException e) {
            assumeTrue(false, "changing owners takes root: " + e);
        }
        assumeTrue(Files.getOwner(nameless).getName().equals("54321"), "uid 54321 has no name here");

        Recorder walk = walk(source());

        assertThat(walk.file("a-mine.jpg").attributes().user()).isEqualTo(Files.getOwner(mine).getName());
        assertThat(walk.file("c-nobody.jpg").attributes().uid()).isEqualTo(65534);
        assertThat(walk.file("c-nobody.jpg").attributes().user()).isEqualTo(Files.getOwner(nobody).getName());
        for (String path : new String[] {"b-nameless.jpg", "d-nameless.jpg"}) {
            FileAttributes attributes = walk.file(path).attributes();
            assertThat(attributes.uid()).as(path).isEqualTo(54321);
            assertThat(attributes.gid()).as(path).isEqualTo(54321);
            assertThat(attributes.user()).as(path).isNull();
            assertThat(attributes.group()).as(path).isNull();
        }
    }

    @Test
    void extendedAttributesOfFilesAndFoldersRoundTrip() throws IOException {
        Path photo = write("album/IMG_1.JPG");
        Path foreign = write("album/" + FileNames.decode(HexFormat.of().parseHex("636166e92e6a7067")));
        write("album/plain.jpg");
        Path album = root.resolve("album");
        assumeTrue(Files.getFileStore(root).supportsFileAttributeView(UserDefinedFileAttributeView.class),
                "the test folder's file store keeps user attributes");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        setUserAttribute(photo, "xdg.origin.url", "https://example.org/1".getBytes(StandardCharsets.UTF_8));
        setUserAttribute(photo, "shoebox.binary", binary);
        setUserAttribute(photo, "shoebox.empty", new byte[0]);
        setUserAttribute(album, "xdg.comment", "summer".getBytes(StandardCharsets.UTF_8));
        setUserAttribute(foreign, "xdg.comment", "foreign".getBytes(StandardCharsets.UTF_8));
        FolderSource source = source();
        Recorder walk = walk(source);

        Map<String, byte[]> ofPhoto = source.extendedAttributes(walk.file("album/IMG_1.JPG"));
        assertThat(ofPhoto).containsOnlyKeys("shoebox.binary", "shoebox.empty", "xdg.origin.url");
        assertThat(ofPhoto.get("shoebox.binary")).isEqualTo(binary);
        assertThat(ofPhoto.get("shoebox.empty")).isEmpty();
        assertThat(new String(ofPhoto.get("xdg.origin.url"), StandardCharsets.UTF_8)).isEqualTo("https://example.org/1");
        Map<String, byte[]> ofAlbum = source.extendedAttributes(walk.folder("album"));
        assertThat(ofAlbum).containsOnlyKeys("xdg.comment");
        assertThat(ofAlbum.get("xdg.comment")).isEqualTo("summer".getBytes(StandardCharsets.UTF_8));
        SourceEntry foreignEntry = walk.files.stream().filter(e -> FileNames.hasEscapes(e.path())).findFirst().orElseThrow();
        assertThat(source.extendedAttributes(foreignEntry).get("xdg.comment")).isEqualTo("foreign".getBytes(StandardCharsets.UTF_8));
        assertThat(source.extendedAttributes(walk.file("album/plain.jpg"))).isEmpty();
    }

    @Test
    void extendedAttributesPastTheLimitAreRefusedWholeWithAClearMessage() throws IOException {
        Path photo = write("IMG_1.JPG");
        assumeTrue(Files.getFileStore(root).supportsFileAttributeView(UserDefinedFileAttributeView.class),
                "the test folder's file store keeps user attributes");
        for (String name : new String[] {"a", "b", "c"}) {
            setUserAttribute(photo, name, new byte[100]);
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(photo, UserDefinedFileAttributeView.class);

        assertThat(FolderSource.readUserAttributes(view, "IMG_1.JPG", 303)).containsOnlyKeys("a", "b", "c");
        assertThatThrownBy(() -> FolderSource.readUserAttributes(view, "IMG_1.JPG", 302))
                .isInstanceOf(IOException.class)
                .hasMessage("IMG_1.JPG: extended attributes larger than 302 bytes in total; not read");
        assertThat(FolderSource.MAX_EXTENDED_ATTRIBUTES).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void anUnreadableFileIsListedAndOpeningItSaysPermissionDenied() throws IOException {
        Path locked = write("locked.jpg");
        write("ok.jpg");
        chmod(locked, 0);
        FolderSource source = source();

        Recorder walk = walk(source);

        assertThat(walk.paths()).containsExactly("locked.jpg", "ok.jpg");
        assertThat(walk.file("locked.jpg").attributes().mode()).isZero();
        assertThat(walk.problems).isEmpty();
        assumeFalse(Files.isReadable(locked), "not running as root, who reads files whatever their mode");
        assertThatThrownBy(() -> source.open(walk.file("locked.jpg")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("locked.jpg: permission denied");
    }

    private static void setUserAttribute(Path path, String name, byte[] value) throws IOException {
        Files.getFileAttributeView(path, UserDefinedFileAttributeView.class)
                .write(name, java.nio.ByteBuffer.wrap(value));
    }
}
