package io.shoebox.storage.sftp.internal;

import java.nio.file.Path;
import java.time.Duration;

import io.shoebox.api.admin.ShoeboxHome;

/**
 * Everything one SFTP target needs to connect, checked and normalized. Secrets stay in here and never
 * reach {@link #toString()}.
 *
 * @param host server host name or address
 * @param port SSH port
 * @param user login name
 * @param password password, or empty
 * @param privateKey OpenSSH or PEM private key text, or empty
 * @param privateKeyPassphrase passphrase of the private key, or empty
 * @param hostKeyFingerprint pinned host key fingerprint such as {@code SHA256:...}, or empty
 * @param knownHosts known_hosts file listing the server, or {@code null}
 * @param folder folder on the server holding the objects, without a trailing slash
 * @param createIfMissing whether a missing folder is created rather than reported
 * @param connectTimeout limit for connecting and logging in
 * @param readTimeout limit for any one answer of the server
 * @param maxChannels most SFTP channels open at once on the connection
 */
record SftpSettings(
        String host,
        int port,
        String user,
        String password,
        String privateKey,
        String privateKeyPassphrase,
        String hostKeyFingerprint,
        Path knownHosts,
        String folder,
        boolean createIfMissing,
        Duration connectTimeout,
        Duration readTimeout,
        int maxChannels) {

    SftpSettings {
        host = required(host, "host");
        user = required(user, "user");
        folder = normalizeFolder(required(folder, "path"));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
        }
        if (maxChannels < 1) {
            throw new IllegalArgumentException("parallel transfers must be at least 1, not " + maxChannels);
        }
        password = nullToEmpty(password);
        privateKey = nullToEmpty(privateKey).strip();
        privateKeyPassphrase = nullToEmpty(privateKeyPassphrase);
        hostKeyFingerprint = nullToEmpty(hostKeyFingerprint).strip();
    }

    /** Settings from the target's configuration; a relative known_hosts path is taken inside {@code home}. */
    static SftpSettings of(SftpStorageConfig config, String home) {
        return new SftpSettings(config.host(), config.port(), config.user(), config.password(), config.privateKey(),
                config.privateKeyPassphrase(), config.hostKeyFingerprint(), resolve(config.knownHosts(), home),
                config.path(), config.createIfMissing(), Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.readTimeoutSeconds())), config.maxChannels());
    }

    /** Settings for a server with defaults for everything but the credentials and the host key check. */
    static SftpSettings forServer(String host, int port, String user, String folder) {
        return new SftpSettings(host, port, user, "", "", "", "", null, folder, false, Duration.ofSeconds(20),
                Duration.ofSeconds(120), 8);
    }

    SftpSettings withPassword(String value) {
        return new SftpSettings(host, port, user, value, privateKey, privateKeyPassphrase, hostKeyFingerprint,
                knownHosts, folder, createIfMissing, connectTimeout, readTimeout, maxChannels);
    }

    SftpSettings withPrivateKey(String key, String passphrase) {
        return new SftpSettings(host, port, user, password, key, passphrase, hostKeyFingerprint, knownHosts, folder,
                createIfMissing, connectTimeout, readTimeout, maxChannels);
    }

    SftpSettings withHostKeyFingerprint(String value) {
        return new SftpSettings(host, port, user, password, privateKey, privateKeyPassphrase, value, knownHosts,
                folder, createIfMissing, connectTimeout, readTimeout, maxChannels);
    }

    SftpSettings withKnownHosts(Path value) {
        return new SftpSettings(host, port, user, password, privateKey, privateKeyPassphrase, hostKeyFingerprint,
                value, folder, createIfMissing, connectTimeout, readTimeout, maxChannels);
    }

    SftpSettings withFolder(String value, boolean create) {
        return new SftpSettings(host, port, user, password, privateKey, privateKeyPassphrase, hostKeyFingerprint,
                knownHosts, value, create, connectTimeout, readTimeout, maxChannels);
    }

    SftpSettings withTimeouts(Duration connect, Duration read) {
        return new SftpSettings(host, port, user, password, privateKey, privateKeyPassphrase, hostKeyFingerprint,
                knownHosts, folder, createIfMissing, connect, read, maxChannels);
    }

    /** {@code user@host:port}, as messages name the server. */
    String server() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return user + "@" + address + ":" + port;
    }

    static Path resolve(String configured, String home) {
        return configured == null || configured.isBlank() ? null : ShoeboxHome.resolve(configured, home);
    }

    private static String normalizeFolder(String folder) {
        String normalized = folder.replace('\\', '/');
        while (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.strip();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public String toString() {
        return "sftp://" + server() + "/" + folder;
    }
}
