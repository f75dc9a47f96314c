package io.shoebox.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real OpenSSH server (Debian's {@code openssh-server}) on a free loopback port, as NAS boxes run
 * it: key login only, SFTP through {@code internal-sftp}. It runs as the current user from its own
 * configuration, so it touches nothing of the machine's own SSH setup.
 */
final class OpenSsh implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process process;

    private OpenSsh(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh"));
    }

    static OpenSsh start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        keygen(dir.resolve("host_ed25519"));
        keygen(dir.resolve("client_ed25519"));
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "MaxSessions 20",
                "Subsystem sftp internal-sftp",
                "LogLevel ERROR",
                ""), StandardCharsets.UTF_8);
        if (isRoot()) {
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation needs it to exist
        }
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSsh server = new OpenSsh(dir, port, process);
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
                + Files.readString(dir.resolve("host_ed25519.pub")).strip() + "\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
            }
            Thread.sleep(100);
        }
        return server;
    }

    private boolean accepts() {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void keygen(Path key) throws IOException {
        Tools.Output out = Tools.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "shoebox-bench", "-f",
                key.toString()), null);
        if (out.exit() != 0) {
            throw new IOException("ssh-keygen failed: " + out.text());
        }
    }

    int port() {
        return port;
    }

    String user() {
        return System.getProperty("user.name");
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it ({@code SHA256:...}). */
    String hostKeyFingerprint() throws IOException {
        Tools.Output out = Tools.run(List.of("ssh-keygen", "-lf", dir.resolve("host_ed25519.pub").toString()), null);
        return out.text().strip().split("\\s+")[1];
    }

    String clientPrivateKey() throws IOException {
        return Files.readString(dir.resolve("client_ed25519"));
    }

    /** The command restic's sftp backend runs to reach this server ({@code -o sftp.command=...}). */
    String sftpCommand() {
        return "ssh -p " + port + " -i " + dir.resolve("client_ed25519") + " -o IdentitiesOnly=yes"
                + " -o UserKnownHostsFile=" + dir.resolve("known_hosts") + " -o StrictHostKeyChecking=yes "
                + user() + "@127.0.0.1 -s sftp";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
