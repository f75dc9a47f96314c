package io.shoebox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Edits the metadata of a deterministic share of the library with exiftool, as a photo app does
 * when a user tags or rates pictures: every 20th JPEG and every 20th movie (by sorted path) gets
 * an {@code Artist}. The file's mtime changes, as it does with a real edit.
 *
 * <pre>ExifEditor &lt;dir&gt; [everyNth]</pre>
 */
public final class ExifEditor {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Result result = edit(dir, every);
        System.out.println(result);
    }

    record Result(int files, long bytes, String output) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "edited %d files (%.1f MB): %s", files, bytes / 1048576.0,
                    output.strip().replace('\n', ' '));
        }
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("exiftool", "-ver").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Result edit(Path dir, int every) throws IOException, InterruptedException {
        List<Path> jpegs = new ArrayList<>();
        List<Path> movies = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                    jpegs.add(p);
                } else if (name.endsWith(".mov") || name.endsWith(".mp4")) {
                    movies.add(p);
                }
            });
        }
        List<Path> chosen = new ArrayList<>();
        for (int i = every / 2; i < jpegs.size(); i += every) {
            chosen.add(jpegs.get(i));
        }
        for (int i = every / 2; i < movies.size(); i += every) {
            chosen.add(movies.get(i));
        }
        if (chosen.isEmpty()) {
            return new Result(0, 0, "nothing to edit");
        }
        long bytes = 0;
        for (Path p : chosen) {
            bytes += Files.size(p);
        }
        Path args = Files.createTempFile("exiftool-args", ".txt");
        try {
            List<String> lines = new ArrayList<>();
            for (Path p : chosen) {
                lines.add(p.toString());
            }
            Files.write(args, lines, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("exiftool", "-overwrite_original", "-charset", "filename=utf8",
                    "-Artist=Shoebox Bench", "-Rating=4", "-@", args.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("exiftool failed: " + output);
            }
            return new Result(chosen.size(), bytes, output);
        } finally {
            Files.deleteIfExists(args);
        }
    }

    private ExifEditor() {
    }
}
