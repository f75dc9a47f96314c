package io.shoebox.storage.s3.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real S3 server for tests and the benchmark: S3Proxy with its filesystem store, run as a separate Java
 * process on a free loopback port, with authentication on and a known key pair. {@link #stop()} kills the
 * process abruptly, as a crash or a lost network would; {@link #start()} brings it back on the same port
 * with the same data.
 *
 * <p>The S3Proxy jar (its {@code jar-with-dependencies}) is taken from the system property
 * {@value #JAR_PROPERTY}, or else found in the local Maven repository; the module declares it as a test
 * dependency so that Maven downloads it. It must not be on the test class path: it carries its own AWS SDK.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** System property naming the S3Proxy jar to run. */
    public static final String JAR_PROPERTY = "s3proxy.jar";
    private static final String ACCESS_KEY = "shoebox-test-access";
    private static final String SECRET_KEY = "shoebox-test-secret-0123456789";
    private static final String DEFAULT_BUCKET = "shoebox";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Path workDir;
    private final Path dataDir;
    private final Path properties;
    private final Path log;
    private final int port;
    private final AtomicInteger buckets = new AtomicInteger();
    private Process process;

    private S3ProxyServer(Path workDir, int port) {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.properties = workDir.resolve("s3proxy.properties");
        this.log = workDir.resolve("s3proxy.log");
        this.port = port;
    }

    /**
     * Starts a server keeping its buckets under {@code workDir/data}, with one empty bucket {@link #bucket()}.
     */
    public static S3ProxyServer start(Path workDir) throws IOException {
        S3ProxyServer server = new S3ProxyServer(workDir, freePort());
        Files.createDirectories(server.dataDir);
        Files.writeString(server.properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + server.port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + server.dataDir.toAbsolutePath(),
                ""), StandardCharsets.UTF_8);
        server.createBucket(DEFAULT_BUCKET);
        server.start();
        return server;
    }

    /** Brings the server (back) up on its port with the data it had. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", jar().toString(),
                "org.gaul.s3proxy.Main", "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        awaitListening();
    }

    /** Kills the server abruptly; its data stays. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The server's URL, for example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return "us-east-1";
    }

    /** A bucket that exists from the start. */
    public String bucket() {
        return DEFAULT_BUCKET;
    }

    /** Creates an empty bucket; the server need not be running. */
    public String createBucket(String name) throws IOException {
        Files.createDirectories(dataDir.resolve(name));
        return name;
    }

    /** Creates an empty bucket with a name not used before. */
    public String createBucket() throws IOException {
        return createBucket("bucket-" + buckets.incrementAndGet());
    }

    /** Where the filesystem store keeps the buckets: one folder per bucket. */
    public Path dataDir() {
        return dataDir;
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for S3Proxy", e);
                }
            }
        }
        throw new IOException("S3Proxy did not listen on port " + port + " within " + STARTUP_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The S3Proxy jar: from {@value #JAR_PROPERTY}, else the newest one in the local Maven repository. */
    static Path jar() throws IOException {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured);
        }
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path versions = Path.of(repository, "org", "gaul", "s3proxy");
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(versions)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(versions)) {
                for (Path dir : dirs) {
                    Path jar = dir.resolve("s3proxy-" + dir.getFileName() + "-jar-with-dependencies.jar");
                    if (Files.isRegularFile(jar)) {
                        jars.add(jar);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return jars.stream().max(Comparator.comparing(S3ProxyServer::versionOf)).orElseThrow(() -> new IOException(
                "no S3Proxy jar: set -D" + JAR_PROPERTY + " or depend on org.gaul:s3proxy:jar-with-dependencies"));
    }

    private static Runtime.Version versionOf(Path jar) {
        try {
            return Runtime.Version.parse(jar.getParent().getFileName().toString());
        } catch (IllegalArgumentException e) {
            return Runtime.Version.parse("0");
        }
    }
}
