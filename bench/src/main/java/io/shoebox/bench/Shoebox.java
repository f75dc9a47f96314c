package io.shoebox.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Shoebox server started from the distribution, driven only through the REST API (v1) as any
 * client would drive it.
 */
final class Shoebox implements AutoCloseable {

    /** The server does not (yet) offer a call the benchmark needs. */
    static final class Unsupported extends IOException {
        Unsupported(String message) {
            super(message);
        }
    }

    record Job(String state, JsonNode body, double seconds) {
        boolean succeeded() {
            return "SUCCEEDED".equals(state) || "SUCCEEDED_WITH_WARNINGS".equals(state);
        }

        long resultLong(String field) {
            JsonNode n = body.path("result").path(field);
            return n.isNumber() ? n.asLong() : -1;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final long launchedNanos;
    private final Path log;
    private final URI base;
    private final String auth;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RssSampler rss;

    private Shoebox(Process process, long launchedNanos, Path log, int port, String password) {
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        this.rss = new RssSampler(process.pid());
    }

    /**
     * Starts {@code bin/shoebox --headless} with a fresh data directory and waits for health UP. The
     * server runs from a private copy of the distribution, because it writes targets and sources it
     * is given back into its {@code config/} folder: the built distribution stays untouched.
     */
    static Shoebox start(Path dist, Path home, String javaOpts, Path log, Duration timeout) throws IOException {
        Path copy = home.resolveSibling(home.getFileName() + "-dist");
        copyDistribution(dist, copy);
        Shoebox server = launch(copy, home, javaOpts, log);
        try {
            server.awaitHealthy(timeout, 250);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Copies a distribution ({@code cp -a}) to {@code copy}, without its {@code data/} folder, so that a
     * server can change its {@code config/} and {@code deploy/} folders without touching the original.
     */
    static void copyDistribution(Path dist, Path copy) throws IOException {
        if (!Files.isExecutable(dist.resolve("bin/shoebox"))) {
            throw new Unsupported("no server at " + dist + "; build it first: ./mvnw -DskipTests package");
        }
        Tools.delete(copy);
        Files.createDirectories(copy.getParent());
        Tools.Output cp = Tools.run(java.util.List.of("cp", "-a", dist.toString(), copy.toString()), null);
        if (cp.exit() != 0) {
            throw new IOException("cannot copy the distribution: " + cp.text());
        }
        Tools.delete(copy.resolve("data"));
    }

    /**
     * Launches {@code bin/shoebox --headless} of an installed distribution (a copy: the server writes into
     * it) on a free loopback port, and returns at once; {@link #launchedNanos()} is the moment of launch.
     */
    static Shoebox launch(Path installed, Path home, String javaOpts, Path log) throws IOException {
        Path script = installed.resolve("bin/shoebox");
        if (!Files.isExecutable(script)) {
            throw new Unsupported("no server at " + installed + " (no bin/shoebox)");
        }
        Files.createDirectories(home);
        int port = freePort();
        String password = "bench-" + Long.toHexString(System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "--headless")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = builder.environment();
        env.put("SHOEBOX_HOME", home.toString());
        env.put("SHOEBOX_HTTP_PORT", Integer.toString(port));
        env.put("SHOEBOX_HTTP_HOST", "127.0.0.1");
        env.put("SHOEBOX_ADMIN_PASSWORD", password);
        env.put("JAVA_OPTS", javaOpts);
        long launched = System.nanoTime();
        return new Shoebox(builder.start(), launched, log, port, password);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Polls {@code GET /api/v1/health} every {@code pollMillis} until it answers UP; returns the
     * {@link System#nanoTime()} of that answer.
     */
    long awaitHealthy(Duration timeout, long pollMillis) throws IOException {
        long deadline = launchedNanos + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the server stopped during start (exit " + process.exitValue() + "):\n"
                        + Tools.tail(log, 20));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && JSON.readTree(r.body()).path("status").asText().equals("UP")) {
                    return answered;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            sleep(pollMillis);
        }
        throw new IOException("the server did not report health UP within " + timeout.toSeconds() + " s (last: "
                + last + ")");
    }

    /** {@link System#nanoTime()} just before the server's process was started. */
    long launchedNanos() {
        return launchedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    RssSampler rss() {
        return rss;
    }

    /** One API call; a missing endpoint becomes {@link Unsupported}, any other failure an IOException. */
    JsonNode call(String method, String path, Object body, int... expected) throws IOException {
        if (body == null) {
            return send(method, path, HttpRequest.BodyPublishers.noBody(), null, expected);
        }
        return send(method, path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)),
                "application/json", expected);
    }

    /** An API call with raw bytes as the body, such as a plugin jar for {@code POST /api/v1/plugins}. */
    JsonNode send(String method, String path, byte[] body, String contentType, int... expected) throws IOException {
        return send(method, path, HttpRequest.BodyPublishers.ofByteArray(body), contentType, expected);
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, String contentType,
            int... expected) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 404 || status == 405 || status == 501) {
            throw new Unsupported(method + " " + path + " answered " + status + " " + abbreviate(response.body())
                    + ": the server does not implement this call (yet)");
        }
        for (int ok : expected) {
            if (status == ok) {
                String text = response.body();
                return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            }
        }
        throw new IOException(method + " " + path + " answered " + status + ": " + abbreviate(response.body()));
    }

    void createTarget(String name, Path path, String password) throws IOException {
        createTarget(name, "local", Map.of("path", path.toString(), "createIfMissing", true), password);
    }

    /** A target of any provider, with the provider's settings as {@code config}. */
    void createTarget(String name, String type, Map<String, Object> config, String password) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("type", type).put("password", password);
        body.set("config", JSON.valueToTree(config));
        call("POST", "/api/v1/targets", body, 200, 201);
    }

    /** Removes a target from the server; its repository stays where it is. */
    void deleteTarget(String name) throws IOException {
        call("DELETE", "/api/v1/targets/" + name, null, 204);
    }

    void createSource(String name, Path path) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("type", "folder");
        body.putObject("config").put("path", path.toString());
        call("POST", "/api/v1/sources", body, 200, 201);
    }

    Job backup(String source, String target) throws IOException {
        return job(JSON.createObjectNode().put("type", "backup").put("source", source).put("target", target));
    }

    Job restore(String target, String snapshot, Path destination) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("type", "restore").put("target", target)
                .put("snapshot", snapshot).put("destination", destination.toString());
        body.putArray("include");
        return job(body);
    }

    /** The newest snapshot's id. */
    String latestSnapshot(String target) throws IOException {
        JsonNode list = call("GET", "/api/v1/targets/" + target + "/snapshots", null, 200);
        JsonNode items = list.isArray() ? list : list.path("items");
        String best = null;
        String bestTime = "";
        for (JsonNode s : items) {
            String time = s.path("time").asText("");
            if (best == null || time.compareTo(bestTime) >= 0) {
                best = s.path("id").asText();
                bestTime = time;
            }
        }
        if (best == null) {
            throw new IOException("target " + target + " has no snapshot");
        }
        return best;
    }

    /** {@code GET /api/v1/targets/{name}/repository}, or null when the server does not offer it. */
    JsonNode repository(String target) {
        try {
            return call("GET", "/api/v1/targets/" + target + "/repository", null, 200);
        } catch (IOException e) {
            return null;
        }
    }

    /** Posts a job and polls it to its end; the time runs from the POST to the first poll that sees the end. */
    private Job job(ObjectNode body) throws IOException {
        long start = System.nanoTime();
        JsonNode accepted = call("POST", "/api/v1/jobs", body, 200, 201, 202);
        String id = accepted.path("id").asText(null);
        if (id == null) {
            throw new IOException("POST /api/v1/jobs gave no job id: " + accepted);
        }
        while (true) {
            JsonNode job = call("GET", "/api/v1/jobs/" + id, null, 200);
            String state = job.path("state").asText();
            if (state.startsWith("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return new Job(state, job, (System.nanoTime() - start) / 1e9);
            }
            if (!process.isAlive()) {
                throw new IOException("the server died during job " + id + ":\n" + Tools.tail(log, 20));
            }
            sleep(50);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        s = s.strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the server: SIGTERM, up to 30 s for a clean stop, then SIGKILL; also to any process it
     * started (the start script execs the JVM, so there should be none).
     */
    @Override
    public void close() {
        rss.stop();
        java.util.List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }
}
