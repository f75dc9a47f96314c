package io.shoebox.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Small helpers: sizes, cache warming, processes. */
final class Tools {

    private Tools() {
    }

    /** Apparent size of everything under {@code dir} (what {@code du -sb} reports). */
    static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total.addAndGet(attrs.size());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total.get();
    }

    static long count(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    /** Reads every file once so that the phase after it runs with a warm page cache; returns bytes read. */
    static long warm(Path dir) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                        int n;
                        while ((n = channel.read(buffer.clear())) > 0) {
                            total.addAndGet(n);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total.get();
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        // rm copes with trees of a million files faster and in less memory than a Java walk.
        run(List.of("rm", "-rf", dir.toString()), null);
    }

    static void sync() {
        try {
            run(List.of("sync"), null);
        } catch (IOException e) {
            // best effort
        }
    }

    /** Runs a command to its end; returns its exit code and output. */
    static Output run(List<String> command, Path cwd) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Output(process.waitFor(), text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    record Output(int exit, String text) {
    }

    static boolean onPath(String program) {
        try {
            return run(List.of("sh", "-c", "command -v " + program), null).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code diff -r}: empty when both trees hold the same files with the same bytes. */
    static String diff(Path expected, Path actual) throws IOException {
        Output out = run(List.of("diff", "-r", "-q", expected.toString(), actual.toString()), null);
        if (out.exit() == 0) {
            return "";
        }
        String[] lines = out.text().split("\n");
        return lines.length + " differences, first: " + lines[0];
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MB", bytes / 1048576.0);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static Comparator<Path> byName() {
        return Comparator.comparing(Path::toString);
    }
}
