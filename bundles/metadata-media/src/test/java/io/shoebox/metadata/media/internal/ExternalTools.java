package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Debian tools the accuracy test uses: exiftool ({@code libimage-exiftool-perl}), ImageMagick's
 * {@code convert} ({@code imagemagick}), {@code heif-enc} ({@code libheif-examples}) and {@code ffmpeg}.
 */
final class ExternalTools {

    private ExternalTools() {
    }

    /** Whether {@code command} is on the path. */
    static boolean available(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command in {@code dir}; returns its standard output, or fails with what it printed. */
    static String run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        return run(dir, timeout, 0, command);
    }

    /** Runs a command that may exit with up to {@code worstExit} and still have done its work. */
    static String run(Path dir, Duration timeout, int worstExit, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeout);
            }
            if (process.exitValue() > worstExit) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * What exiftool says about {@code files}: {@code exiftool -json -G} with the compared tags
     * ({@link ExiftoolReference#TAGS}), one object per file, in one run. Names are printed as exiftool
     * prints them (an AVCHD maker's code as its name), numbers as numbers where the tag asks ({@code #}).
     * Dates come as written: QuickTime's {@code CreateDate} in UTC, since {@code -api QuickTimeUTC} is not
     * given.
     */
    static List<JsonNode> exiftool(Path dir, List<Path> files) throws IOException, InterruptedException {
        Path arguments = Files.createTempFile(dir, "exiftool", ".args");
        List<String> lines = new ArrayList<>(List.of("-json", "-G", "-api", "largefilesupport=1", "-charset", "filename=utf8"));
        lines.addAll(ExiftoolReference.TAGS);
        files.forEach(f -> lines.add(f.toAbsolutePath().toString()));
        Files.write(arguments, lines, StandardCharsets.UTF_8);
        try {
            // Exit status 1: some file was not a format exiftool reads; the others are in the output.
            String json = run(dir, Duration.ofMinutes(2), 1, "exiftool", "-@", arguments.toString());
            List<JsonNode> result = new ArrayList<>();
            if (!json.isBlank()) {
                new ObjectMapper().readTree(json).forEach(result::add);
            }
            return result;
        } finally {
            Files.deleteIfExists(arguments);
        }
    }

    /** Writes tags with exiftool, one {@code -execute} block per file, in one run. */
    static void exiftoolWrite(Path dir, List<List<String>> blocks) throws IOException, InterruptedException {
        Path arguments = Files.createTempFile(dir, "exiftool", ".args");
        List<String> lines = new ArrayList<>();
        for (List<String> block : blocks) {
            lines.add("-overwrite_original");
            lines.add("-q");
            lines.addAll(block);
            lines.add("-execute");
        }
        Files.write(arguments, lines, StandardCharsets.UTF_8);
        try {
            run(dir, Duration.ofMinutes(2), "exiftool", "-@", arguments.toString());
        } finally {
            Files.deleteIfExists(arguments);
        }
    }
}
