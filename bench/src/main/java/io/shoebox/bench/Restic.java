package io.shoebox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Runs restic the way a user would: encryption always on, its default compression, its own cache. */
final class Restic {

    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(double seconds, long peakRss, JsonNode summary, String output) {
    }

    private final String location;
    private final Path repository;
    private final Map<String, String> environment;
    private final List<String> options;
    private final Path cache;
    private final Path work;
    private final String password;
    private final boolean gnuTime;

    /** A repository in a local folder. */
    Restic(Path repository, Path work, String password) {
        this(repository.toString(), repository, Map.of(), List.of(), work, password);
    }

    /**
     * A repository on a server.
     *
     * @param location restic's repository string ({@code s3:http://...}, {@code sftp:user@host:/path})
     * @param storedAt the folder where the server keeps it, to measure what it stores
     * @param environment variables restic needs for it (credentials)
     * @param options restic's {@code -o} options for it
     */
    Restic(String location, Path storedAt, Map<String, String> environment, List<String> options, Path work,
            String password) {
        this.location = location;
        this.repository = storedAt;
        this.environment = Map.copyOf(environment);
        this.options = List.copyOf(options);
        this.cache = work.resolve("restic-cache");
        this.work = work;
        this.password = password;
        this.gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
    }

    /** Where the repository's files are on this machine. */
    Path repository() {
        return repository;
    }

    static String version() {
        try {
            Tools.Output out = Tools.run(List.of("restic", "version"), null);
            return out.exit() == 0 ? out.text().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    Run init() throws IOException {
        return run(null, "init");
    }

    /** Backs up {@code dir} as {@code .}, so that the snapshot's paths are relative to it like Shoebox's. */
    Run backup(Path dir) throws IOException {
        return run(dir, "backup", "--json", "--host", "bench", ".");
    }

    Run restore(Path target) throws IOException {
        return run(null, "restore", "latest", "--host", "bench", "--target", target.toString());
    }

    private Run run(Path cwd, String... args) throws IOException {
        Path timeFile = Files.createTempFile(work, "time", ".txt");
        Path outFile = Files.createTempFile(work, "restic", ".out");
        List<String> command = new ArrayList<>();
        if (gnuTime) {
            command.addAll(List.of("/usr/bin/time", "-v", "-o", timeFile.toString()));
        }
        command.add("restic");
        for (String option : options) {
            command.addAll(List.of("-o", option));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outFile.toFile());
        if (cwd != null) {
            builder.directory(cwd.toFile());
        }
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("RESTIC_REPOSITORY", location);
        env.put("RESTIC_PASSWORD", password);
        env.put("RESTIC_CACHE_DIR", cache.toString());
        env.put("RESTIC_PROGRESS_FPS", "0.2");
        long start = System.nanoTime();
        Process process = builder.start();
        long peak = 0;
        RssSampler sampler = gnuTime ? null : new RssSampler(process.pid());
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = Files.readString(outFile, StandardCharsets.UTF_8);
        if (gnuTime) {
            Matcher m = MAX_RSS.matcher(Files.readString(timeFile));
            peak = m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
        } else {
            peak = sampler.stop();
        }
        Files.deleteIfExists(timeFile);
        Files.deleteIfExists(outFile);
        if (exit != 0) {
            throw new IOException("restic " + String.join(" ", args) + " failed (exit " + exit + "): "
                    + output.substring(Math.max(0, output.length() - 2000)));
        }
        JsonNode summary = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("{") && line.contains("\"summary\"")) {
                summary = JSON.readTree(line);
            }
        }
        return new Run(seconds, peak, summary, output);
    }
}
