package io.shoebox.itest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A copy of the assembled server started as its users start it, with {@code bin/shoebox}, in a
 * folder of its own, and an HTTP client for its API.
 */
public final class RunningServer implements AutoCloseable {

    public static final String PASSWORD = "itest-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The user id of unprivileged servers when the tests run as root: {@code nobody} on Debian. */
    static final int UNPRIVILEGED_UID = 65534;

    public final Path folder;
    public final Path home;
    public final int port;
    final Process process;
    /** What runs {@code bin/shoebox} as another user, or nothing. */
    private final java.util.List<String> runAs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningServer(Path folder, int port, Process process, java.util.List<String> runAs) {
        this.folder = folder;
        this.home = folder.resolve("data");
        this.port = port;
        this.process = process;
        this.runAs = runAs;
    }

    /** Copies the distribution to a fresh folder and starts it; {@code adminPassword} null leaves it unset. */
    public static RunningServer start(Path workDir, String adminPassword, String... arguments) throws IOException {
        Path folder = workDir.resolve("shoebox");
        copyTree(Distribution.home(), folder);
        return launch(workDir, adminPassword, java.util.List.of(), arguments);
    }

    /**
     * Copies the distribution and starts it as a user without privileges, as a careful operator runs
     * it: when the tests run as root, as {@code nobody} (through {@code setpriv}), owning {@code workDir};
     * otherwise as the tests' own user. Only then can a file the server may not read be tested.
     */
    public static RunningServer startUnprivileged(Path workDir, String adminPassword) throws IOException {
        Path folder = workDir.resolve("shoebox");
        copyTree(Distribution.home(), folder);
        java.util.List<String> runAs = runningAsRoot() ? java.util.List.of("setpriv", "--reuid=" + UNPRIVILEGED_UID,
                "--regid=" + UNPRIVILEGED_UID, "--clear-groups", "--") : java.util.List.of();
        if (!runAs.isEmpty()) {
            giveTo(workDir, UNPRIVILEGED_UID);
        }
        return launch(workDir, adminPassword, runAs);
    }

    /** Whether the tests run as root, who can read every file. */
    static boolean runningAsRoot() {
        try {
            Path probe = Files.createTempFile("shoebox-whoami", "");
            try {
                return ((Number) Files.getAttribute(probe, "unix:uid")).intValue() == 0;
            } finally {
                Files.delete(probe);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Makes a folder tree (and the folders above it, for reaching it) the user's. */
    static void giveTo(Path tree, int uid) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.toList()) {
                Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
        for (Path above = tree.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
            int mode = ((Number) Files.getAttribute(above, "unix:mode")).intValue();
            if ((mode & 0001) == 0) {
                Files.setAttribute(above, "unix:mode", mode | 0001); // others may pass through, not list
            }
        }
    }

    /**
     * Copies the distribution, lets {@code prepare} change the copy (for example take a plugin out of
     * {@code deploy/}), then starts it.
     */
    public static RunningServer start(Path workDir, String adminPassword, java.util.function.Consumer<Path> prepare)
            throws IOException {
        Path folder = workDir.resolve("shoebox");
        copyTree(Distribution.home(), folder);
        prepare.accept(folder);
        return launch(workDir, adminPassword, java.util.List.of());
    }

    /** Starts the server again in the same folder, as after a crash or a reboot. */
    RunningServer restart(String... arguments) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        return launch(folder.getParent(), PASSWORD, runAs, arguments);
    }

    /** Kills the server without warning ({@code kill -9}), as a power cut would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private static RunningServer launch(Path workDir, String adminPassword, java.util.List<String> runAs,
            String... arguments) throws IOException {
        Path folder = workDir.resolve("shoebox");
        int port = Distribution.freePort();
        var command = new java.util.ArrayList<String>(runAs);
        command.add(folder.resolve("bin/shoebox").toString());
        command.addAll(java.util.List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.remove("SHOEBOX_HOME");
        environment.put("SHOEBOX_HTTP_PORT", String.valueOf(port));
        environment.remove("SHOEBOX_ADMIN_PASSWORD");
        if (adminPassword != null) {
            environment.put("SHOEBOX_ADMIN_PASSWORD", adminPassword);
        }
        if (!runAs.isEmpty()) {
            environment.put("HOME", workDir.toString());
        }
        return new RunningServer(folder, port, builder.start(), runAs);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Waits until health answers UP; returns how long it took. */
    public Duration awaitUp(Duration timeout) {
        long start = System.nanoTime();
        Await.until("GET /api/v1/health answers UP; the server's output is in " + folder.resolveSibling("console.log"),
                timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + "; see "
                        + folder.resolveSibling("console.log"));
            }
            try {
                Response health = get("/api/v1/health", null);
                return health.status() == 200 && "UP".equals(health.json().path("status").asText());
            } catch (IOException e) {
                return false;
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String admin() {
        return basic("admin", PASSWORD);
    }

    public Response get(String path, String authorization) throws IOException {
        return send(request(path, authorization).GET());
    }

    /** A GET whose body is binary (a thumbnail, a file's content). */
    /** The status an anonymous GET of {@code path} answers with, or -1 while the server cannot be reached. */
    public int anonymousStatus(String path) {
        try {
            return get(path, null).status();
        } catch (IOException e) {
            return -1;
        }
    }

    public HttpResponse<byte[]> getBytes(String path, String authorization) throws IOException {
        try {
            return http.send(request(path, authorization).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    Response delete(String path, String authorization) throws IOException {
        return send(request(path, authorization).DELETE());
    }

    public Response postJson(String path, String authorization, Object body) throws IOException {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    }

    Response putJson(String path, String authorization, Object body) throws IOException {
        return send(request(path, authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    public Response postJar(String path, String authorization, Path jar) throws IOException {
        return send(request(path, authorization).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofFile(jar)));
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) throws IOException {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Starts a job and waits until it has ended; returns the final job. */
    public JsonNode runJob(Map<String, Object> request, Duration timeout) throws IOException {
        Response started = postJson("/api/v1/jobs", admin(), request);
        if (started.status() != 202) {
            throw new AssertionError("job not accepted: " + started.status() + " " + started.body());
        }
        return awaitJob(started.json().path("id").asText(), timeout);
    }

    public JsonNode awaitJob(String id, Duration timeout) {
        JsonNode[] job = {null};
        Await.until("job " + id + " ends", timeout, () -> {
            try {
                job[0] = get("/api/v1/jobs/" + id, admin()).json();
                String state = job[0].path("state").asText();
                return state.startsWith("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED");
            } catch (IOException e) {
                return false;
            }
        });
        return job[0];
    }

    /** Every file of the server's folder (configuration, logs, data) as text, to search for leaks. */
    Map<Path, String> allTextFiles() throws IOException {
        Map<Path, String> texts = new HashMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".jar")).toList()) {
                texts.put(path, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            }
        }
        return texts;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }
}
