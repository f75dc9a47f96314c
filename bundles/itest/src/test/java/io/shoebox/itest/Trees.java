package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Comparing folders the way {@code diff -r} does, plus modification times. */
public final class Trees {

    private Trees() {
    }

    public static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** Same files, byte for byte, with the same modification times. */
    static void assertIdentical(Path expected, Path actual) throws IOException {
        assertIdentical(expected, actual, files(expected));
    }

    /** {@code actual} holds exactly these files of {@code expected}, byte for byte, with the same modification times. */
    static void assertIdentical(Path expected, Path actual, List<String> expectedFiles) throws IOException {
        assertThat(files(actual)).isEqualTo(expectedFiles);
        for (String file : expectedFiles) {
            assertThat(Arrays.equals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(actual.resolve(file))))
                    .as("content of " + file).isTrue();
            assertThat(Files.getLastModifiedTime(actual.resolve(file)))
                    .as("modification time of " + file).isEqualTo(Files.getLastModifiedTime(expected.resolve(file)));
        }
    }

    /** {@code diff -r} itself, where it is installed, as a second opinion. */
    static void assertDiffFindsNoDifference(Path expected, Path actual) throws IOException, InterruptedException {
        Process diff = new ProcessBuilder("diff", "-r", expected.toString(), actual.toString()).redirectErrorStream(true).start();
        String output = new String(diff.getInputStream().readAllBytes());
        assertThat(diff.waitFor()).as(output).isZero();
    }
}
