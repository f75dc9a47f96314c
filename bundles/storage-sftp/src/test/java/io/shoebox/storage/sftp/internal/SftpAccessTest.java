package io.shoebox.storage.sftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/** Logging in and trusting the server: keys, passwords and host key checks, against a real SSH server. */
class SftpAccessTest {

    @TempDir
    static Path serverRoot;

    @TempDir
    Path local;

    private static SftpServer server;
    private final List<SftpStorage> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = SftpServer.start(serverRoot);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeTargets() {
        opened.forEach(SftpStorage::close);
    }

    private SftpStorage open(SftpSettings settings) {
        SftpStorage storage = new SftpStorage(settings);
        opened.add(storage);
        return storage;
    }

    /** A target on the test server that trusts its host key and has no credentials yet. */
    private static SftpSettings target() {
        return SftpSettings.forServer(server.host(), server.port(), server.user(), "/access")
                .withFolder("/access", true)
                .withHostKeyFingerprint(server.hostKeyFingerprint());
    }

    @Test
    void an_ed25519_key_with_a_passphrase_logs_in() throws Exception {
        SftpStorage storage = open(target().withPrivateKey(server.privateKeyText("correct horse"), "correct horse"));
        storage.verifyAccess();
    }

    @Test
    void a_key_without_a_passphrase_logs_in() throws Exception {
        open(target().withPrivateKey(server.privateKeyText(), "")).verifyAccess();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ssh-rsa, 3072", "ecdsa-sha2-nistp256, 256", "ecdsa-sha2-nistp521, 521"})
    void rsa_and_ecdsa_keys_log_in(String type, int bits) throws Exception {
        KeyPair key = SftpServer.generate(type, bits);
        server.authorize(key.getPublic());
        open(target().withPrivateKey(SftpServer.privateKeyText(key, "secret"), "secret")).verifyAccess();
    }

    @Test
    void a_key_made_by_ssh_keygen_logs_in() throws Exception {
        Path keyFile = local.resolve("id_ed25519");
        assumeTrue(run("ssh-keygen", "-q", "-t", "ed25519", "-N", "phrase", "-C", "test", "-f", keyFile.toString()),
                "ssh-keygen is not installed");
        String publicKey = Files.readString(local.resolve("id_ed25519.pub")).strip();
        server.authorize(org.apache.sshd.common.config.keys.PublicKeyEntry.parsePublicKeyEntry(publicKey)
                .resolvePublicKey(null, java.util.Map.of(), org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING));
        open(target().withPrivateKey(Files.readString(keyFile), "phrase")).verifyAccess();
    }

    @Test
    void a_password_logs_in() throws Exception {
        open(target().withPassword(server.password())).verifyAccess();
    }

    @Test
    void a_wrong_password_is_an_authentication_failure_that_names_the_server() {
        assertThatThrownBy(() -> open(target().withPassword("guess")).verifyAccess())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains(server.user() + "@127.0.0.1:" + server.port())
                            .contains("password").doesNotContain("guess");
                });
    }

    @Test
    void a_key_the_server_does_not_know_is_an_authentication_failure() {
        KeyPair stranger = SftpServer.generate("ssh-ed25519", 256);
        assertThatThrownBy(() -> open(target().withPrivateKey(SftpServer.privateKeyText(stranger, null), ""))
                .verifyAccess())
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
    }

    @Test
    void a_wrong_passphrase_is_reported_as_such() {
        assertThatThrownBy(() -> open(target().withPrivateKey(server.privateKeyText("right"), "wrong")).verifyAccess())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("passphrase").doesNotContain("wrong").doesNotContain("right");
                });
    }

    @Test
    void a_missing_passphrase_is_asked_for() {
        assertThatThrownBy(() -> open(target().withPrivateKey(server.privateKeyText("right"), "")).verifyAccess())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("passphrase");
                });
    }

    @Test
    void text_that_is_not_a_key_is_refused_with_a_hint() {
        assertThatThrownBy(() -> open(target().withPrivateKey("ssh-ed25519 AAAAC3Nza... me@laptop", "")).verifyAccess())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("private key");
                });
    }

    @Test
    void a_pinned_fingerprint_that_does_not_match_is_refused_as_a_possible_man_in_the_middle() throws Exception {
        String otherServersKey = HostKeyCheck.fingerprint(SftpServer.generate("ssh-ed25519", 256).getPublic());
        SftpStorage storage = open(target().withPassword(server.password()).withHostKeyFingerprint(otherServersKey));
        assertThatThrownBy(storage::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("host key mismatch").contains("man-in-the-middle")
                    .contains(server.hostKeyFingerprint()).contains(otherServersKey);
        });
        assertThat(Files.exists(serverRoot.resolve("access"))).as("nothing was written").isFalse();
    }

    @Test
    void without_a_pin_or_known_hosts_the_server_is_not_trusted_and_its_fingerprint_is_shown() {
        SftpStorage storage = open(target().withPassword(server.password()).withHostKeyFingerprint(""));
        assertThatThrownBy(storage::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).contains(server.hostKeyFingerprint()).contains("fingerprint");
        });
    }

    @Test
    void a_fingerprint_is_accepted_without_its_prefix_and_with_padding() throws Exception {
        String bare = server.hostKeyFingerprint().substring("SHA256:".length()) + "=";
        open(target().withPassword(server.password()).withHostKeyFingerprint(" " + bare + " ")).verifyAccess();
    }

    @Test
    void a_known_hosts_file_that_lists_the_server_is_accepted() throws Exception {
        Path knownHosts = local.resolve("known_hosts");
        Files.writeString(knownHosts, "# servers\nexample.org ssh-ed25519 "
                + "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n" + server.knownHostsLine() + "\n");
        open(target().withPassword(server.password()).withHostKeyFingerprint("").withKnownHosts(knownHosts))
                .verifyAccess();
    }

    @Test
    void a_known_hosts_file_with_another_key_for_the_server_is_refused_as_a_possible_man_in_the_middle()
            throws Exception {
        Path knownHosts = local.resolve("known_hosts");
        String otherKey = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                SftpServer.generate("ssh-ed25519", 256).getPublic());
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + otherKey + "\n");
        SftpStorage storage = open(target().withPassword(server.password()).withHostKeyFingerprint("")
                .withKnownHosts(knownHosts));
        assertThatThrownBy(storage::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("host key mismatch").contains(server.hostKeyFingerprint());
        });
    }

    @Test
    void a_known_hosts_file_without_the_server_is_refused_and_shows_its_fingerprint() throws Exception {
        Path knownHosts = local.resolve("known_hosts");
        Files.writeString(knownHosts, "example.org " + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                SftpServer.generate("ssh-ed25519", 256).getPublic()) + "\n");
        SftpStorage storage = open(target().withPassword(server.password()).withHostKeyFingerprint("")
                .withKnownHosts(knownHosts));
        assertThatThrownBy(storage::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).contains("not listed").contains(server.hostKeyFingerprint());
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ssh-rsa", "ecdsa-sha2-nistp256"})
    void rsa_and_ecdsa_host_keys_are_checked_too(String hostKeyType) throws Exception {
        try (SftpServer other = SftpServer.start(serverRoot.resolve("other-" + hostKeyType), hostKeyType)) {
            SftpSettings settings = SftpSettings.forServer(other.host(), other.port(), other.user(), "/repo")
                    .withFolder("/repo", true).withPassword(other.password());
            open(settings.withHostKeyFingerprint(other.hostKeyFingerprint())).verifyAccess();
            assertThatThrownBy(() -> open(settings.withHostKeyFingerprint(server.hostKeyFingerprint())).verifyAccess())
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
        }
    }

    @Test
    void relative_known_hosts_paths_are_taken_inside_the_data_directory() {
        assertThat(SftpSettings.resolve("ssh/known_hosts", "/srv/shoebox")).isEqualTo(Path.of("/srv/shoebox/ssh/known_hosts"));
        assertThat(SftpSettings.resolve("/etc/ssh/ssh_known_hosts", "/srv/shoebox"))
                .isEqualTo(Path.of("/etc/ssh/ssh_known_hosts"));
        assertThat(SftpSettings.resolve("", "/srv/shoebox")).isNull();
    }

    @Test
    void a_closed_port_is_transient_and_says_the_connection_was_refused() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SftpStorage storage = open(SftpSettings.forServer("127.0.0.1", closedPort, "someone", "/x")
                .withPassword("pw").withHostKeyFingerprint(server.hostKeyFingerprint()));
        assertThatThrownBy(storage::verifyAccess).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(e.getMessage()).contains("refused").contains("127.0.0.1:" + closedPort);
        });
    }

    @Test
    void objects_are_stored_as_plain_files_under_the_folder_and_temporary_files_are_not_listed() throws Exception {
        SftpStorage storage = open(target().withPassword(server.password()).withFolder("/plain", true));
        storage.create("data/ab/abcdef", ByteSource.of("photo".getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(serverRoot.resolve("plain/.tmp"));
        Files.writeString(serverRoot.resolve("plain/.tmp/left-over.partial"), "partial");
        assertThat(Files.readString(serverRoot.resolve("plain/data/ab/abcdef"))).isEqualTo("photo");
        List<String> keys = new ArrayList<>();
        storage.list("", info -> keys.add(info.key()));
        assertThat(keys).containsExactly("data/ab/abcdef");
    }

    @Test
    void an_upload_that_fails_leaves_no_temporary_file_behind() throws Exception {
        SftpStorage storage = open(target().withPassword(server.password()).withFolder("/failing", true));
        ByteSource failing = new ByteSource() {
            @Override
            public long size() {
                return 1 << 20;
            }

            @Override
            public java.io.InputStream open() {
                return new java.io.InputStream() {
                    private int served;

                    @Override
                    public int read() throws IOException {
                        if (served++ > 200_000) {
                            throw new IOException("disk of the photo library failed");
                        }
                        return 1;
                    }
                };
            }
        };
        assertThatThrownBy(() -> storage.create("data/x", failing)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.getMessage()).contains("content").contains("disk of the photo library failed"));
        try (var leftovers = Files.list(serverRoot.resolve("failing/.tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void the_openssh_client_logs_in_with_the_test_servers_key_as_restic_would() throws Exception {
        assumeTrue(run("ssh", "-V"), "the OpenSSH client is not installed");
        Files.writeString(serverRoot.resolve("hello.txt"), "hello");
        Path batch = local.resolve("batch");
        Files.writeString(batch, "get /hello.txt " + local.resolve("fetched.txt") + "\n");
        ProcessBuilder sftp = new ProcessBuilder("sftp", "-b", batch.toString(), "-P", String.valueOf(server.port()),
                "-i", server.privateKeyFile().toString(), "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", server.user() + "@127.0.0.1")
                .redirectErrorStream(true);
        Process process = sftp.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Files.readString(local.resolve("fetched.txt"))).isEqualTo("hello");
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
