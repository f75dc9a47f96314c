package io.shoebox.source.folder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.source.folder.internal.FolderSourceTest.Recorder;

/** Names that are not valid UTF-8, as old Windows systems and zip archives leave them. */
class FolderSourceNamesTest {

    /** "café.jpg" in Latin-1. */
    private static final String LATIN1_CAFE = name("636166e92e6a7067");
    /** "Ärger" with the Ä in code page 437. */
    private static final String CP437_FOLDER = name("8e72676572");
    /** "Ü.jpg" in Latin-1 followed by a truncated UTF-8 sequence. */
    private static final String MIXED = name("dc2e6a7067e282");

    @TempDir
    Path root;

    private static String name(String hex) {
        return FileNames.decode(HexFormat.of().parseHex(hex));
    }

    /** Creates a file whose content is its own name's bytes, so a read shows which file was opened. */
    private Path create(String relative) throws IOException {
        Path file = FileNames.resolve(root, relative);
        Files.createDirectories(file.getParent());
        try {
            return Files.write(file, FileNames.encode(relative));
        } catch (IOException e) {
            assumeTrue(false, "the test folder's file system takes names that are not UTF-8: " + e);
            throw e;
        }
    }

    @Test
    void walksNamesThatAreNotUtf8AndOpensEachByItsExactBytes() throws IOException {
        List<String> paths = List.of(LATIN1_CAFE, "caf\u00e9.jpg", CP437_FOLDER + "/" + MIXED, CP437_FOLDER + "/plain.jpg");
        for (String path : paths) {
            create(path);
        }
        FolderSource source = new FolderSource(root, false, true);

        Recorder walk = new Recorder();
        source.walk(walk);

        assertThat(walk.paths()).containsExactlyInAnyOrderElementsOf(paths);
        assertThat(walk.folders).extracting(SourceEntry::path).containsExactly(CP437_FOLDER);
        assertThat(walk.problems).isEmpty();
        for (SourceEntry entry : walk.files) {
            try (InputStream in = source.open(entry)) {
                assertThat(in.readAllBytes()).as(FileNames.display(entry.path()))
                        .isEqualTo(FileNames.encode(entry.path()));
            }
        }
    }

    @Test
    void aBackslashOrAColonInANameIsAnOrdinaryCharacterWhereTheSeparatorIsASlash() throws IOException {
        assumeTrue(java.io.File.separatorChar == '/', "Unix file names");
        List<String> paths = List.of("back\\slash.jpg", "C:photo.jpg", "Trip: day 1/IMG_0001.JPG");
        for (String path : paths) {
            create(path);
        }
        FolderSource source = new FolderSource(root, false, true);

        Recorder walk = new Recorder();
        source.walk(walk);

        assertThat(walk.paths()).containsExactlyInAnyOrderElementsOf(paths);
        for (SourceEntry entry : walk.files) {
            try (InputStream in = source.open(entry)) {
                assertThat(in.readAllBytes()).isEqualTo(FileNames.encode(entry.path()));
            }
        }
    }

    @Test
    void problemsNameTheEntryByItsExactBytes() throws Exception {
        create("ok.jpg");
        Files.createDirectories(FileNames.resolve(root, CP437_FOLDER));
        // mkfifo takes its path as text, which cannot hold these bytes: made under a plain name, then moved
        Path pipe = root.resolve("pipe");
        assumeTrue(FolderSourceTest.mkfifo(pipe), "mkfifo is available");
        Files.move(pipe, FileNames.resolve(root, CP437_FOLDER + "/" + LATIN1_CAFE));
        Files.createSymbolicLink(FileNames.resolve(root, MIXED), root.resolve("missing.jpg"));
        create("." + LATIN1_CAFE + ".icloud");

        Recorder walk = new Recorder();
        new FolderSource(root, false, true).walk(walk);

        assertThat(walk.paths()).containsExactly("ok.jpg");
        assertThat(walk.problems).containsOnlyKeys(CP437_FOLDER + "/" + LATIN1_CAFE, MIXED, LATIN1_CAFE);
        assertThat(walk.problems.get(CP437_FOLDER + "/" + LATIN1_CAFE)).contains("not a regular file");
        assertThat(walk.problems.get(MIXED)).contains("broken symbolic link");
        assertThat(walk.problems.get(LATIN1_CAFE)).contains("not downloaded").contains("caf\\xE9.jpg");
    }

    @Test
    void excludePatternsMatchNamesThatAreNotUtf8() throws IOException {
        create(LATIN1_CAFE);
        create(CP437_FOLDER + "/" + MIXED);
        create("keep/" + MIXED);

        Recorder walk = new Recorder();
        new FolderSource(root, false, true, "caf?.jpg", "/?rger").walk(walk);

        assertThat(walk.order).extracting(FileNames::display).containsExactly("keep/", "keep/\\xDC.jpg\\xE2\\x82");
    }
}
