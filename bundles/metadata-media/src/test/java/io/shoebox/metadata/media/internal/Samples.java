package io.shoebox.metadata.media.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared folder of real photos and videos ({@code ../shared/samples/media} beside the project):
 * the system property {@code shoebox.samples.media}, else {@code /work/shared/samples/media}. Tests that
 * need it are skipped where it is absent.
 */
final class Samples {

    private static final Path DEFAULT = Path.of("/work/shared/samples/media");

    private Samples() {
    }

    /** The folder, or a skipped test. */
    static Path media() {
        Path dir = mediaOrNull();
        assumeTrue(dir != null, "no sample media at " + folder() + " (set -Dshoebox.samples.media=...)");
        return dir;
    }

    /** The folder, or {@code null} where it is absent. */
    static Path mediaOrNull() {
        Path dir = folder();
        return Files.isDirectory(dir) ? dir.toAbsolutePath().normalize() : null;
    }

    private static Path folder() {
        String configured = System.getProperty("shoebox.samples.media");
        return configured != null && Files.isDirectory(Path.of(configured)) ? Path.of(configured) : DEFAULT;
    }

    /** The real photos and videos (not the fuzzing reproducers, not the folders' read-me files), sorted. */
    static List<Path> realFiles(Path media) {
        try (Stream<Path> files = Files.walk(media)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !media.relativize(f).startsWith("fuzzing"))
                    .filter(f -> !isReadMe(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The crash reproducers of other parsers. */
    static List<Path> fuzzingFiles(Path media) {
        try (Stream<Path> files = Files.list(media.resolve("fuzzing"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isReadMe(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".md") || name.endsWith(".readme") || name.startsWith("readme");
    }
}
