package io.shoebox.storage.sftp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "SFTP server",
        description = "A folder on any SSH server that offers SFTP: a NAS (Synology, QNAP, TrueNAS), a home"
                + " server, a VPS or a storage box.")
public @interface SftpStorageConfig {

    @AttributeDefinition(name = "Host", description = "Host name or IP address of the SSH server.")
    String host();

    @AttributeDefinition(name = "Port", description = "SSH port of the server.", required = false, min = "1", max = "65535")
    int port() default 22;

    @AttributeDefinition(name = "User", description = "User name to log in with.")
    String user();

    @AttributeDefinition(
            name = "Password",
            description = "Password of the user. Leave empty to log in with a private key only.",
            type = AttributeType.PASSWORD,
            required = false)
    String password() default "";

    @AttributeDefinition(
            name = "Private key",
            description = "The private key to log in with, as the text of its file (\"-----BEGIN OPENSSH PRIVATE"
                    + " KEY-----\" ...). ed25519, ECDSA and RSA keys work.",
            type = AttributeType.PASSWORD,
            required = false)
    String privateKey() default "";

    @AttributeDefinition(
            name = "Private key passphrase",
            description = "Passphrase of the private key, if it has one.",
            type = AttributeType.PASSWORD,
            required = false)
    String privateKeyPassphrase() default "";

    @AttributeDefinition(
            name = "Host key fingerprint",
            description = "Fingerprint of the server's host key as ssh-keygen -lf prints it, for example"
                    + " SHA256:2XRd... Either this or a known_hosts file is required; \"Test connection\" without"
                    + " either tells the server's fingerprint, to be checked and pasted here.",
            required = false)
    String hostKeyFingerprint() default "";

    @AttributeDefinition(
            name = "known_hosts file",
            description = "Path of an OpenSSH known_hosts file that lists the server's host key, as an alternative"
                    + " to the fingerprint. A relative path is taken inside the server's data directory"
                    + " (SHOEBOX_HOME).",
            required = false)
    String knownHosts() default "";

    @AttributeDefinition(
            name = "Folder",
            description = "Folder on the server that holds the repository. A relative path starts in the user's"
                    + " home folder.")
    String path();

    @AttributeDefinition(
            name = "Create folder if missing",
            description = "Off by default, so that a typo or an unmounted volume on the server is reported instead of"
                    + " filled.",
            required = false)
    boolean createIfMissing() default false;

    @AttributeDefinition(
            name = "Connect timeout (seconds)",
            description = "How long to wait for the server to accept the connection and the login.",
            required = false,
            min = "1")
    int connectTimeoutSeconds() default 20;

    @AttributeDefinition(
            name = "Read timeout (seconds)",
            description = "How long to wait for the server to answer a request before the connection is given up.",
            required = false,
            min = "1")
    int readTimeoutSeconds() default 120;

    @AttributeDefinition(
            name = "Parallel transfers",
            description = "How many SFTP channels the one SSH connection opens at most. OpenSSH allows 10 per"
                    + " connection by default (MaxSessions).",
            required = false,
            min = "1",
            max = "64")
    int maxChannels() default 8;
}
