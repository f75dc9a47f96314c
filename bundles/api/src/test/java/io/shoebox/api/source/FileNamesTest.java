package io.shoebox.api.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ascii                          | 494d475f303030312e4a5047     | IMG_0001.JPG
            utf-8 accents                  | 6361666ec3a92e6a7067         | cafné.jpg
            utf-8 four-byte emoji          | f09f93b72e6a7067             | 📷.jpg
            latin-1 e acute                | 636166e92e6a7067             | caf\\xE9.jpg
            cp437 letters around ascii     | c441b3                       | \\xC4A\\xB3
            truncated utf-8 sequence       | 61e282                       | a\\xE2\\x82
            utf-8 of a surrogate           | eda080                       | \\xED\\xA0\\x80
            overlong slash                 | c0af                         | \\xC0\\xAF
            lone continuation, then ascii  | 80412e6a7067                 | \\x80A.jpg
            """)
    void every_byte_sequence_round_trips_and_shows_its_foreign_bytes_escaped(String what, String hex, String shown) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        String name = FileNames.decode(bytes);
        assertThat(FileNames.encode(name)).as(what).isEqualTo(bytes);
        assertThat(FileNames.display(name)).as(what).isEqualTo(shown);
        assertThat(FileNames.hasEscapes(name)).as(what).isEqualTo(shown.contains("\\x"));
    }

    @Test
    void every_single_and_double_byte_name_round_trips() {
        for (int a = 1; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                byte[] bytes = b == 0 ? new byte[] {(byte) a} : new byte[] {(byte) a, (byte) b};
                assertThat(FileNames.encode(FileNames.decode(bytes))).isEqualTo(bytes);
            }
        }
    }

    @Test
    void a_foreign_byte_is_never_confused_with_the_text_that_shows_it() {
        String raw = FileNames.decode(HexFormat.of().parseHex("636166e9"));
        String typed = "caf\\xE9";
        assertThat(raw).isNotEqualTo(typed);
        assertThat(FileNames.encode(typed)).isNotEqualTo(FileNames.encode(raw));
    }

    @Test
    void an_unpaired_surrogate_that_is_no_escape_cannot_be_encoded() {
        assertThatThrownBy(() -> FileNames.encode("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void names_read_from_a_folder_and_written_back_keep_their_exact_bytes() throws IOException {
        List<byte[]> names = List.of(HexFormat.of().parseHex("636166e92e6a7067"), "ok-é.jpg".getBytes("UTF-8"),
                HexFormat.of().parseHex("c4cdb3"), "plain.txt".getBytes("UTF-8"));
        Path source = Files.createDirectory(folder.resolve("source"));
        Path copy = Files.createDirectory(folder.resolve("copy"));
        for (byte[] name : names) {
            Files.write(FileNames.resolve(source, FileNames.decode(name)), name);
        }
        List<String> read = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            for (Path entry : entries) {
                String name = FileNames.nameOf(entry);
                read.add(name);
                assertThat(Files.readAllBytes(FileNames.resolve(source, name))).isEqualTo(FileNames.encode(name));
                Path target = FileNames.resolve(copy, "sub/" + name);
                Files.createDirectories(target.getParent());
                Files.write(target, Files.readAllBytes(entry));
            }
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(names.stream().map(FileNames::decode).toList());
        for (byte[] name : names) {
            assertThat(Files.readAllBytes(FileNames.resolve(copy, "sub/" + FileNames.decode(name)))).isEqualTo(name);
        }
    }
}
