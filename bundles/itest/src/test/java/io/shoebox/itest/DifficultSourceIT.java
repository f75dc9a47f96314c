package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.source.FileNames;

/**
 * A source as people's old disks really are: names that are not UTF-8, empty files, a pipe, a link
 * that loops, a file still being written, a file and a folder the server may not read. Backed up by a
 * server that runs without privileges, then restored: every regular file comes back byte for byte
 * under its exact name, with its mode, or is named in the backup's warnings; nothing is skipped
 * silently, and the coverage view names what no backup can take.
 */
class DifficultSourceIT {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Instant TAKEN = Instant.parse("2009-08-15T12:00:00Z");

    @TempDir
    Path work;

    @Test
    void every_regular_file_is_restored_byte_for_byte_under_its_name_or_named_in_the_warnings() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkfifo")), "mkfifo is needed for the pipe");
        Path library = Files.createDirectories(work.resolve("library"));
        String latin1Photo = FileNames.decode(HexFormat.of().parseHex("6361666520e92e6a7067")); // "cafe é.jpg", Latin-1
        String cp437Folder = FileNames.decode(HexFormat.of().parseHex("466f746f7320c4cdb3")); // "Fotos ─═│", CP437
        write(library, latin1Photo, PhotoLibrary.jpeg(work.resolve("a.jpg"), 320, 240, 1));
        write(library, cp437Folder + "/IMG_0001.JPG", PhotoLibrary.jpeg(work.resolve("b.jpg"), 320, 240, 2));
        write(library, "Müller/IMG_0002.JPG", PhotoLibrary.jpeg(work.resolve("c.jpg"), 320, 240, 3));
        write(library, "empty.txt", null);
        Path kept = write(library, "private-but-readable.jpg", PhotoLibrary.jpeg(work.resolve("d.jpg"), 320, 240, 4));
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r--r--"));
        boolean xattrs = tryToSetOrigin(kept);
        Files.setAttribute(kept, "unix:mode", 0604);
        run("mkfifo", library.resolve("camera.pipe").toString());
        Files.createSymbolicLink(library.resolve("loop"), Path.of("."));
        Path secret = write(library, "secret.jpg", PhotoLibrary.jpeg(work.resolve("e.jpg"), 320, 240, 5));
        Files.setAttribute(secret, "unix:mode", 0);
        Path locked = write(library, "locked/IMG_0009.JPG", PhotoLibrary.jpeg(work.resolve("f.jpg"), 320, 240, 6)).getParent();
        Files.setAttribute(locked, "unix:mode", 0);
        Path growing = write(library, "growing.log", null);

        RunningServer server = RunningServer.startUnprivileged(work.resolve("server"), RunningServer.PASSWORD);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> appendWhile(growing, writing));
        try {
            server.awaitUp(Duration.ofSeconds(90));
            assertThat(server.postJson("/api/v1/sources", RunningServer.admin(), Map.of("name", "old-pc", "type", "folder",
                    "config", Map.of("path", library.toString(), "followLinks", true))).status()).isEqualTo(201);

            writer.start();
            JsonNode backup = server.runJob(Map.of("type", "backup", "source", "old-pc", "target", "local"), JOB_TIMEOUT);
            writing.set(false);
            writer.join();

            assertThat(backup.path("state").asText()).as(backup.toString()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
            String warnings = backup.path("warnings").toString();
            assertThat(warnings).as("the pipe, the loop, the unreadable file and folder are each named")
                    .contains("camera.pipe", "loop", "secret.jpg", "locked");
            assertThat(backup.path("result").path("filesSkipped").asLong()).isGreaterThanOrEqualTo(4);

            Path restored = Files.createDirectories(work.resolve("restored"));
            if (RunningServer.runningAsRoot()) {
                RunningServer.giveTo(restored, RunningServer.UNPRIVILEGED_UID);
            }
            JsonNode restore = server.runJob(Map.of("type", "restore", "target", "local", "snapshot", "latest",
                    "destination", restored.toString()), JOB_TIMEOUT);
            assertThat(restore.path("state").asText()).as(restore.toString()).startsWith("SUCCEEDED");

            Map<String, Path> original = regularFiles(library);
            Map<String, Path> back = regularFiles(restored);
            for (Map.Entry<String, Path> file : original.entrySet()) {
                String path = file.getKey();
                String shown = FileNames.display(path);
                if (path.equals("secret.jpg") || path.startsWith("locked/")) {
                    assertThat(back).as(shown).doesNotContainKey(path);
                    continue;
                }
                assertThat(back).as("restored under its exact name: " + shown).containsKey(path);
                byte[] now = Files.readAllBytes(file.getValue());
                byte[] copy = Files.readAllBytes(back.get(path));
                if (path.equals("growing.log")) {
                    // still being written during the backup: either named, or restored as one state of it
                    boolean named = warnings.contains("growing.log");
                    boolean prefix = copy.length <= now.length
                            && java.util.Arrays.equals(copy, java.util.Arrays.copyOf(now, copy.length));
                    assertThat(named || prefix).as("growing.log is named or restored as it was").isTrue();
                    continue;
                }
                assertThat(copy).as("content of " + shown).isEqualTo(now);
                assertThat(Files.getLastModifiedTime(back.get(path))).as("time of " + shown)
                        .isEqualTo(Files.getLastModifiedTime(file.getValue()));
            }
            assertThat(back.keySet()).as("nothing restored that was not there").isSubsetOf(original.keySet());
            assertThat(back).containsKey("empty.txt");
            assertThat(Files.size(back.get("empty.txt"))).isZero();
            assertThat(Files.getAttribute(back.get("private-but-readable.jpg"), "unix:mode")).isEqualTo(0100604);
            if (xattrs && Files.getFileStore(restored).supportsFileAttributeView("user")) {
                assertThat(origin(back.get("private-but-readable.jpg"))).isEqualTo("https://example.org/photo");
            }

            JsonNode coverage = server.get("/api/v1/sources/old-pc/coverage", RunningServer.admin()).json();
            List<String> unreadable = coverage.path("unreadable").findValuesAsText("path");
            assertThat(unreadable).contains("camera.pipe", "loop", "locked");
            assertThat(coverage.path("targets").get(0).path("missing").toString()).contains("secret.jpg");
        } finally {
            writing.set(false);
            Files.setAttribute(locked, "unix:mode", 0755);
            server.close();
        }
    }

    /** Writes a file (a copy of {@code from}, or empty) under a byte-exact relative path, dated {@link #TAKEN}. */
    private static Path write(Path root, String relative, Path from) throws IOException {
        Path file = FileNames.resolve(root, relative);
        Files.createDirectories(file.getParent());
        Files.write(file, from == null ? new byte[0] : Files.readAllBytes(from));
        Files.setLastModifiedTime(file, FileTime.from(TAKEN));
        return file;
    }

    private static boolean tryToSetOrigin(Path file) {
        try {
            Files.getFileAttributeView(file, UserDefinedFileAttributeView.class).write("xdg.origin.url",
                    ByteBuffer.wrap("https://example.org/photo".getBytes()));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String origin(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(view.size("xdg.origin.url"));
        view.read("xdg.origin.url", value);
        return new String(value.array());
    }

    /** Every regular file below a folder that can be read, by its exact relative path. */
    private static Map<String, Path> regularFiles(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        collect(root, "", files);
        return files;
    }

    private static void collect(Path folder, String prefix, Map<String, Path> files) throws IOException {
        DirectoryStream<Path> entries;
        try {
            entries = Files.newDirectoryStream(folder);
        } catch (java.nio.file.AccessDeniedException e) {
            return;
        }
        try (entries) {
            for (Path entry : entries) {
                String path = prefix + FileNames.nameOf(entry);
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    collect(entry, path + "/", files);
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(path, entry);
                }
            }
        }
    }

    private static void appendWhile(Path file, AtomicBoolean writing) {
        byte[] line = "a line of a log that is still being written\n".repeat(100).getBytes();
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            while (writing.get()) {
                out.write(line);
                out.flush();
                Thread.sleep(2);
            }
        } catch (IOException | InterruptedException e) {
            // the test reads whatever was written
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
