package io.shoebox.storage.sftp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

import io.shoebox.testkit.StorageContract.ServerControl;

/**
 * A real SSH server with SFTP on a free loopback port, serving the folder {@code root} as {@code /}: an
 * Apache MINA SSHD server with password and public-key login and a host key of its own. Tests of the
 * SFTP provider, the end-to-end tests and the benchmark (where restic's sftp backend reaches it through
 * the OpenSSH client with {@link #privateKeyFile()}) all use it.
 *
 * <p>Renames behave as OpenSSH's sftp-server makes them: a hard link to the new name, then removal of
 * the old one, so that a rename never replaces an existing file even when two race for one name. (MINA's
 * default checks whether the target exists and then renames, which lets two racing renames both win.)
 *
 * <p>{@link #stop()} drops the server and every connection at once, as a crash would; {@link #start()}
 * brings it back on the same port with the same data, host key and accounts.
 */
public final class SftpServer implements ServerControl, AutoCloseable {

    private static final String USER = "shoebox";

    private final Path root;
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final String password = "pw-" + UUID.randomUUID();
    private final Set<PublicKey> authorizedKeys = new CopyOnWriteArraySet<>();
    private final Path keyFolder;
    private SshServer sshd;
    private int port;

    private SftpServer(Path root, KeyPair hostKey) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath();
        this.hostKey = hostKey;
        this.clientKey = generate(KeyPairProvider.SSH_ED25519, 256);
        this.authorizedKeys.add(clientKey.getPublic());
        this.keyFolder = Files.createTempDirectory("shoebox-sftp-keys");
    }

    /** Starts a server with an ed25519 host key, serving {@code root}. */
    public static SftpServer start(Path root) throws IOException {
        return start(root, KeyPairProvider.SSH_ED25519);
    }

    /**
     * Starts a server serving {@code root} with a new host key of the given type.
     *
     * @param hostKeyType {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256} or {@code ssh-rsa}
     */
    public static SftpServer start(Path root, String hostKeyType) throws IOException {
        int bits = switch (hostKeyType) {
            case "ssh-rsa" -> 3072;
            case "ecdsa-sha2-nistp384" -> 384;
            case "ecdsa-sha2-nistp521" -> 521;
            default -> 256;
        };
        SftpServer server = new SftpServer(root, generate(hostKeyType, bits));
        server.listen(0);
        return server;
    }

    /** Brings the server back on its port, with the data, keys and accounts it had. */
    @Override
    public synchronized void start() throws IOException {
        if (sshd == null) {
            listen(port);
        }
    }

    /** Drops the server and all its connections at once, as a crash or a pulled cable would. */
    @Override
    public synchronized void stop() throws IOException {
        if (sshd != null) {
            SshServer stopping = sshd;
            sshd = null;
            stopping.stop(true);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        try (var files = Files.list(keyFolder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(keyFolder);
    }

    private synchronized void listen(int requestedPort) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
        server.setHost("127.0.0.1");
        server.setPort(requestedPort);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, offered, session) -> USER.equals(user) && password.equals(offered));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && authorizedKeys.stream().anyMatch(known -> KeyUtils.compareKeys(known, key)));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new LinkingRenames())
                .build()));
        server.start();
        sshd = server;
        port = server.getPort();
    }

    /** Renames the way OpenSSH's sftp-server does, so that a rename never replaces an existing file. */
    private static final class LinkingRenames implements SftpFileSystemAccessor {
        @Override
        public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
                throws IOException {
            boolean replace = opts != null && opts.contains(StandardCopyOption.REPLACE_EXISTING);
            if (replace || Files.isDirectory(oldPath)) {
                SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
                return;
            }
            Files.createLink(newPath, oldPath);
            Files.delete(oldPath);
        }
    }

    /** Lets {@code key} log in as {@link #user()} too. */
    public void authorize(PublicKey key) {
        authorizedKeys.add(key);
    }

    /** The folder served as the SFTP root. */
    public Path root() {
        return root;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** Fingerprint of the host key, as {@code ssh-keygen -l} prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** The host key's line for a known_hosts file ({@code [127.0.0.1]:port ssh-ed25519 AAAA...}). */
    public String knownHostsLine() {
        return "[" + host() + "]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** The key pair that may log in as {@link #user()}. */
    public KeyPair clientKeyPair() {
        return clientKey;
    }

    /** The client's private key as the text of an unencrypted OpenSSH key file. */
    public String privateKeyText() {
        return privateKeyText(clientKey, null);
    }

    /** The client's private key as the text of an OpenSSH key file encrypted with {@code passphrase}. */
    public String privateKeyText(String passphrase) {
        return privateKeyText(clientKey, passphrase);
    }

    /**
     * The client's private key in an unencrypted file readable only by its owner, as {@code ssh -i} wants
     * it.
     */
    public Path privateKeyFile() throws IOException {
        Path file = keyFolder.resolve("id_ed25519");
        if (!Files.exists(file)) {
            Files.writeString(file, privateKeyText(), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: nothing stricter to set.
            }
        }
        return file;
    }

    /** {@code key} as the text of an OpenSSH private key file, encrypted when {@code passphrase} is given. */
    public static String privateKeyText(KeyPair key, String passphrase) {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
            encryption.setPassword(passphrase);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "shoebox-test", encryption, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return text.toString(StandardCharsets.US_ASCII);
    }

    /** A new key pair, for example {@code generate("ssh-ed25519", 256)} or {@code generate("ssh-rsa", 3072)}. */
    public static KeyPair generate(String type, int bits) {
        try {
            return KeyUtils.generateKeyPair(type, bits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key", e);
        }
    }

    @Override
    public String toString() {
        return "SFTP test server " + USER + "@" + host() + ":" + port + " serving " + root;
    }

    /**
     * Runs a server until the process is stopped and prints how to reach it, one {@code name=value} per
     * line: {@code port}, {@code user}, {@code password}, {@code privateKey} (file), {@code hostKeyFingerprint},
     * {@code root}. The first argument is the folder to serve (default: a new temporary folder).
     * Example for restic: {@code restic -o sftp.command="ssh -p PORT -i KEY -o StrictHostKeyChecking=no
     * -o UserKnownHostsFile=/dev/null shoebox@127.0.0.1 -s sftp" -r sftp:shoebox@127.0.0.1:/repo init}.
     */
    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("shoebox-sftp-root");
        SftpServer server = start(root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                // The process is ending either way.
            }
        }));
        System.out.println("port=" + server.port());
        System.out.println("user=" + server.user());
        System.out.println("password=" + server.password());
        System.out.println("privateKey=" + server.privateKeyFile());
        System.out.println("hostKeyFingerprint=" + server.hostKeyFingerprint());
        System.out.println("root=" + server.root());
        System.out.flush();
        Thread.currentThread().join();
    }
}
