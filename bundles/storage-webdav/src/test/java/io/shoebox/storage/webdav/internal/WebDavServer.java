package io.shoebox.storage.webdav.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real WebDAV server for tests: Apache httpd with mod_dav and mod_dav_fs (Debian package
 * {@code apache2}), run as a foreground process on a free loopback port with a configuration
 * generated into a temporary folder, serving a folder with Basic authentication.
 *
 * <p>The same folder is served twice: under {@link #url()} like any WebDAV server, and under
 * {@link #urlIgnoringRanges()} by a server that answers every ranged GET with the whole object
 * ({@code MaxRanges none}), as some servers and proxies do.
 *
 * <p>When the tests run as root, httpd refuses to serve as root and switches to {@code www-data}
 * (or {@code nobody}); the served folder is then handed to that user, and the folders above it
 * inside the system temporary folder are made traversable for it.
 *
 * <p>Tests are skipped, with a message saying what to install, when httpd is not installed.
 */
public final class WebDavServer implements AutoCloseable {

    private static final List<String> BINARIES = List.of(
            "/usr/sbin/apache2", "/usr/sbin/httpd", "/usr/local/apache2/bin/httpd", "/usr/bin/httpd");
    private static final List<String> MODULE_FOLDERS = List.of(
            "/usr/lib/apache2/modules", "/usr/lib64/httpd/modules", "/usr/lib/httpd/modules",
            "/usr/local/apache2/modules");
    private static final List<String> MODULES = List.of(
            "mpm_event", "authz_core", "authn_core", "authn_file", "authz_user", "auth_basic", "alias", "dav",
            "dav_fs");

    private static final String PATH = "/dav/";
    private static final String PATH_IGNORING_RANGES = "/dav-no-ranges/";

    private final Path binary;
    private final Path root;
    private final Path serverRoot;
    private final int port;
    private final String user = "shoebox";
    private final String password = "pw-" + UUID.randomUUID();
    private Process process;

    private WebDavServer(Path binary, Path root, Path serverRoot, int port) {
        this.binary = binary;
        this.root = root;
        this.serverRoot = serverRoot;
        this.port = port;
    }

    /** Whether Apache httpd with mod_dav_fs is installed here. */
    public static boolean isInstalled() {
        return findBinary() != null && findModules() != null;
    }

    /**
     * Starts a server storing its data in {@code root}, which is created when missing. Skips the
     * calling test (or test class) when httpd is not installed.
     */
    public static WebDavServer start(Path root) throws IOException {
        Path binary = findBinary();
        Path modules = findModules();
        Assumptions.assumeTrue(binary != null && modules != null,
                "Apache httpd with mod_dav is not installed, so the WebDAV tests are skipped."
                        + " Install it with: apt-get install -y apache2");
        Files.createDirectories(root);
        Path serverRoot = Files.createTempDirectory("shoebox-webdav-httpd-");
        WebDavServer server = new WebDavServer(binary, root.toAbsolutePath(), serverRoot, freePort());
        server.configure(modules);
        server.start();
        return server;
    }

    /** The served folder's URL, ending in {@code /}. */
    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** The same folder, served by a server that ignores {@code Range} headers. */
    public String urlIgnoringRanges() {
        return "http://127.0.0.1:" + port + PATH_IGNORING_RANGES;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The folder holding the served files. */
    public Path root() {
        return root;
    }

    /** Kills the server at once (SIGKILL), as a crash or a pulled cable would. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    /** Starts the server again on the same port with the same data; harmless when it runs. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = serverRoot.resolve("console.log");
        process = new ProcessBuilder(binary.toString(), "-X", "-f", serverRoot.resolve("httpd.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = Files.readString(log) + readIfExists(serverRoot.resolve("error.log"));
                process = null;
                throw new IOException("Apache httpd stopped right after starting:\n" + output);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        stop0();
        throw new IOException("Apache httpd did not accept connections on port " + port + " within 20 s:\n"
                + readIfExists(serverRoot.resolve("error.log")));
    }

    /** Stops the server and removes its configuration; the data folder stays. */
    @Override
    public void close() throws InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(serverRoot)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover folder in the system temporary folder is harmless.
        }
    }

    /** The server's error log, for diagnosing a failed test. */
    public String errorLog() throws IOException {
        return readIfExists(serverRoot.resolve("error.log"));
    }

    private void stop0() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void configure(Path modules) throws IOException {
        String runAs = isRoot() ? serviceAccount() : null;
        Files.createDirectories(serverRoot.resolve("lock"));
        // Basic authentication with a {SHA} password line, which httpd reads without htpasswd.
        Files.writeString(serverRoot.resolve("htpasswd"), user + ":{SHA}" + sha1Base64(password) + "\n");

        StringBuilder conf = new StringBuilder();
        conf.append("ServerRoot \"").append(serverRoot).append("\"\n");
        for (String module : MODULES) {
            conf.append("LoadModule ").append(module).append("_module \"").append(modules.resolve("mod_" + module + ".so"))
                    .append("\"\n");
        }
        if (runAs != null) {
            conf.append("User ").append(runAs).append("\nGroup ").append(groupOf(runAs)).append('\n');
        }
        conf.append("""
                Listen 127.0.0.1:%1$d
                ServerName 127.0.0.1
                PidFile "%2$s/httpd.pid"
                ErrorLog "%2$s/error.log"
                LogLevel warn
                Timeout 60
                KeepAlive On
                KeepAliveTimeout 30
                MaxKeepAliveRequests 0
                ThreadsPerChild 32
                MaxRequestWorkers 32
                LimitRequestBody 0
                DavLockDB "%2$s/lock/DavLock"
                Alias %3$s "%4$s/"
                Alias %5$s "%4$s/"
                <Directory "%4$s">
                  Dav On
                  AuthType Basic
                  AuthName "Shoebox test"
                  AuthBasicProvider file
                  AuthUserFile "%2$s/htpasswd"
                  Require valid-user
                </Directory>
                <Location %5$s>
                  MaxRanges none
                </Location>
                """.formatted(port, serverRoot, PATH.substring(0, PATH.length() - 1), root,
                PATH_IGNORING_RANGES.substring(0, PATH_IGNORING_RANGES.length() - 1)));
        Files.writeString(serverRoot.resolve("httpd.conf"), conf.toString());
        if (runAs != null) {
            handOver(runAs);
        }
    }

    /** As root: give the served folder and the lock folder to the account httpd switches to. */
    private void handOver(String account) throws IOException {
        UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
        var owner = users.lookupPrincipalByName(account);
        for (Path base : List.of(root, serverRoot.resolve("lock"))) {
            try (Stream<Path> paths = Files.walk(base)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    Files.setOwner(path, owner);
                }
            }
        }
        // httpd must pass through the folders above: serverRoot and the test's temporary folders.
        Path systemTemp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        for (Path base : List.of(root, serverRoot.resolve("htpasswd"))) {
            for (Path dir = base.getParent(); dir != null && dir.startsWith(systemTemp) && !dir.equals(systemTemp);
                    dir = dir.getParent()) {
                Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
        Set<PosixFilePermission> readable = EnumSet.copyOf(Files.getPosixFilePermissions(serverRoot.resolve("htpasswd")));
        readable.add(PosixFilePermission.OTHERS_READ);
        Files.setPosixFilePermissions(serverRoot.resolve("htpasswd"), readable);
        if (!root.startsWith(systemTemp)) {
            // Outside the temporary folder nothing is changed; the caller must make the path reachable.
            System.err.println("WebDavServer: " + root + " must be reachable by the account " + account);
        }
    }

    /** Whether this process runs as root: the folder it just created belongs to uid 0. */
    private boolean isRoot() throws IOException {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(serverRoot, "unix:uid"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static String serviceAccount() throws IOException {
        for (String candidate : List.of("www-data", "apache", "daemon", "nobody")) {
            if (Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(candidate + ":"))) {
                return candidate;
            }
        }
        throw new IOException("running as root, but no unprivileged account (www-data, apache, daemon, nobody)"
                + " exists for httpd to switch to");
    }

    /** The primary group of an account, by name, from /etc/passwd and /etc/group. */
    private static String groupOf(String account) throws IOException {
        String gid = Files.readAllLines(Path.of("/etc/passwd")).stream()
                .filter(line -> line.startsWith(account + ":"))
                .map(line -> line.split(":")[3])
                .findFirst().orElseThrow();
        return Files.readAllLines(Path.of("/etc/group")).stream()
                .map(line -> line.split(":"))
                .filter(fields -> fields.length > 2 && fields[2].equals(gid))
                .map(fields -> fields[0])
                .findFirst().orElse("#" + gid);
    }

    private static Path findBinary() {
        return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static Path findModules() {
        return MODULE_FOLDERS.stream().map(Path::of).filter(dir -> Files.isRegularFile(dir.resolve("mod_dav_fs.so")))
                .findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    private static String sha1Base64(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Apache httpd WebDAV server at " + url();
    }
}
