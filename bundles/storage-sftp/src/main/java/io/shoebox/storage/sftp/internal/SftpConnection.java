package io.shoebox.storage.sftp.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityProviderRegistrar;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.eddsa.EdDSASecurityProviderRegistrar;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;

import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/**
 * One SSH connection to the server with a bounded pool of SFTP channels on it. The connection is
 * opened on first use and opened again, transparently, on the first use after it was lost; a call
 * that was running when it broke fails as {@link Kind#TRANSIENT} and retrying it is the engine's job.
 */
final class SftpConnection implements AutoCloseable {

    static {
        prepareSecurityProviders();
    }

    private final SftpSettings settings;
    private final SftpFailures failures;
    private final HostKeyCheck hostKeyCheck;
    private final Semaphore channels;
    private final Deque<SftpClient> idle = new ConcurrentLinkedDeque<>();
    private final SshClient client;
    private ClientSession session; // guarded by this
    private List<KeyPair> identities; // guarded by this
    private boolean closed; // guarded by this

    SftpConnection(SftpSettings settings) {
        this.settings = settings;
        this.failures = new SftpFailures(settings);
        this.channels = new Semaphore(settings.maxChannels(), true);
        this.hostKeyCheck = new HostKeyCheck(settings);
        this.client = withBundleClassLoader(() -> {
            SshClient ssh = SshClient.setUpDefaultClient();
            // Chosen explicitly: no ServiceLoader discovery of IO back ends, no ~/.ssh/config, no keys from ~/.ssh.
            ssh.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
            ssh.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            ssh.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            ssh.setServerKeyVerifier(hostKeyCheck);
            // AES-GCM first: the JVM runs it on the CPU's AES instructions, several times faster than the pure-Java
            // ChaCha20-Poly1305 the library prefers by default, which would cap transfers on a fast network.
            ssh.setCipherFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(false, List.of(
                    BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr,
                    BuiltinCiphers.aes256ctr, BuiltinCiphers.cc20p1305_openssh))));
            CoreModuleProperties.IDLE_TIMEOUT.set(ssh, settings.readTimeout());
            CoreModuleProperties.AUTH_TIMEOUT.set(ssh, settings.connectTimeout());
            SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(ssh, settings.connectTimeout());
            ssh.start();
            return ssh;
        });
    }

    /** Work done on one SFTP channel. */
    interface SftpCall<T> {
        T call(SftpClient sftp) throws IOException;
    }

    /**
     * Runs {@code call} on a channel of the pool and gives the channel back afterwards.
     *
     * @param what what is being done, for the message of a failure
     */
    <T> T call(String what, SftpCall<T> call) throws StorageException {
        Lease lease = lease(what);
        boolean healthy = false;
        try {
            T result = call.call(lease.sftp());
            healthy = true;
            return result;
        } catch (IOException | RuntimeException e) {
            // A status answer leaves the channel usable; anything else may have broken it.
            healthy = e instanceof org.apache.sshd.sftp.common.SftpException || e instanceof StorageException;
            throw failures.classify(what, e);
        } finally {
            lease.release(healthy);
        }
    }

    /** A channel taken from the pool; {@link #release} gives it back, or closes it if it is not healthy. */
    final class Lease {
        private final SftpClient sftp;
        private boolean released;

        private Lease(SftpClient sftp) {
            this.sftp = sftp;
        }

        SftpClient sftp() {
            return sftp;
        }

        void release(boolean healthy) {
            if (released) {
                return;
            }
            released = true;
            try {
                if (healthy && sftp.isOpen() && !isClosed()) {
                    idle.push(sftp);
                } else {
                    closeQuietly(sftp);
                }
            } finally {
                channels.release();
            }
        }
    }

    /** Takes a channel, waiting while all of them are busy, and opening the connection if needed. */
    Lease lease(String what) throws StorageException {
        try {
            if (!channels.tryAcquire(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageException(Kind.TRANSIENT, what + ": all " + settings.maxChannels()
                        + " SFTP channels to " + settings.server() + " stayed busy for " + settings.readTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Kind.TRANSIENT, what + ": interrupted while waiting for a channel", e);
        }
        try {
            SftpClient sftp;
            while ((sftp = idle.poll()) != null) {
                if (sftp.isOpen() && sftp.getClientSession().isOpen() && !sftp.getClientSession().isClosing()) {
                    return new Lease(sftp);
                }
                closeQuietly(sftp);
            }
            ClientSession current = session(what);
            try {
                // Version 3 is what OpenSSH speaks; staying with it everywhere keeps one behaviour to rely on.
                return new Lease(SftpClientFactory.instance().createSftpClient(current,
                        SftpVersionSelector.fixedVersionSelector(3)));
            } catch (IOException | RuntimeException e) {
                throw failures.classify(what + ": cannot open an SFTP channel on " + settings.server(), e);
            }
        } catch (StorageException | RuntimeException e) {
            channels.release();
            throw e;
        }
    }

    /** The open SSH session, connecting and logging in if there is none. */
    private synchronized ClientSession session(String what) throws StorageException {
        if (closed) {
            throw new StorageException(Kind.TRANSIENT, what + ": the target " + settings + " was shut down");
        }
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        if (session != null) {
            session.close(true);
            session = null;
        }
        List<KeyPair> keys = identities();
        hostKeyCheck.takeRefusal();
        ClientSession fresh = null;
        try {
            fresh = client.connect(settings.user(), settings.host(), settings.port())
                    .verify(settings.connectTimeout()).getSession();
            for (KeyPair key : keys) {
                fresh.addPublicKeyIdentity(key);
            }
            if (!settings.password().isEmpty()) {
                fresh.addPasswordIdentity(settings.password());
            }
            fresh.auth().verify(settings.connectTimeout());
            session = fresh;
            return fresh;
        } catch (IOException | RuntimeException e) {
            StorageException refusal = fresh == null ? null : fresh.getAttribute(HostKeyCheck.REFUSAL);
            StorageException recorded = hostKeyCheck.takeRefusal();
            if (refusal == null) {
                refusal = recorded;
            }
            boolean loginRejected = fresh != null && refusal == null && fresh.isOpen() && !fresh.isClosing();
            if (fresh != null) {
                fresh.close(true);
            }
            if (refusal != null) {
                throw new StorageException(refusal.kind(), refusal.getMessage(), e);
            }
            if (loginRejected) {
                throw new StorageException(Kind.AUTHENTICATION, "the server " + settings.server() + " rejected the login"
                        + " with the configured " + credentials() + ": check the user name and the "
                        + credentials() + ", and that the server allows this way of logging in", e);
            }
            throw failures.classify(what + ": cannot connect to " + settings.server(), e);
        }
    }

    private String credentials() {
        boolean key = !settings.privateKey().isEmpty();
        boolean password = !settings.password().isEmpty();
        return key && password ? "private key and password" : key ? "private key" : "password";
    }

    /** The private key, decrypted once. */
    private List<KeyPair> identities() throws StorageException {
        if (identities != null) {
            return identities;
        }
        if (settings.privateKey().isEmpty()) {
            if (settings.password().isEmpty()) {
                throw new StorageException(Kind.PERMANENT, "neither a password nor a private key is configured for "
                        + settings.server());
            }
            identities = List.of();
            return identities;
        }
        String passphrase = settings.privateKeyPassphrase();
        FilePasswordProvider passwords = passphrase.isEmpty() ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
        try {
            List<KeyPair> keys = new ArrayList<>();
            Iterable<KeyPair> parsed = withBundleClassLoader(() -> SecurityUtils.loadKeyPairIdentities(null,
                    NamedResource.ofName("configured private key"),
                    new ByteArrayInputStream(settings.privateKey().getBytes(StandardCharsets.UTF_8)), passwords));
            if (parsed != null) {
                parsed.forEach(keys::add);
            }
            if (keys.isEmpty()) {
                throw new StorageException(Kind.PERMANENT, "the private key for " + settings.server() + " is not a"
                        + " private key in OpenSSH or PEM format; paste the whole content of the key file, from"
                        + " -----BEGIN to -----END");
            }
            identities = List.copyOf(keys);
            return identities;
        } catch (StorageException e) {
            throw e;
        } catch (WrappedException e) {
            throw unreadableKey(passphrase.isEmpty(), (Exception) e.getCause());
        } catch (RuntimeException e) {
            throw unreadableKey(passphrase.isEmpty(), e);
        }
    }

    private StorageException unreadableKey(boolean withoutPassphrase, Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (withoutPassphrase && (message.contains("password") || message.contains("passphrase")
                || message.contains("encrypt"))) {
            return new StorageException(Kind.AUTHENTICATION, "the private key for " + settings.server()
                    + " is protected by a passphrase: enter it as the private key passphrase", e);
        }
        if (!withoutPassphrase && (e instanceof GeneralSecurityException || message.contains("password")
                || message.contains("passphrase") || message.contains("decrypt") || message.contains("padding")
                || message.contains("invalid") || message.contains("mismatch"))) {
            return new StorageException(Kind.AUTHENTICATION, "the private key for " + settings.server()
                    + " cannot be decrypted: check the private key passphrase", e);
        }
        return new StorageException(Kind.PERMANENT, "the private key for " + settings.server() + " cannot be read ("
                + e.getMessage() + "); paste the whole content of an OpenSSH or PEM key file", e);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        ClientSession last;
        synchronized (this) {
            closed = true;
            last = session;
            session = null;
        }
        SftpClient sftp;
        while ((sftp = idle.poll()) != null) {
            closeQuietly(sftp);
        }
        if (last != null) {
            last.close(true);
        }
        client.stop();
    }

    private static void closeQuietly(SftpClient sftp) {
        try {
            sftp.close();
        } catch (IOException | RuntimeException e) {
            // The channel is being dropped; how its closing went changes nothing.
        }
    }

    /** A step that may throw anything. */
    interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code step} with this bundle's class loader as the context class loader. MINA SSHD looks up
     * optional classes (security providers, IO back ends) through the context class loader first; in
     * OSGi that loader belongs to whoever called, so without this MINA could pick up classes of another
     * bundle.
     */
    static <T> T withBundleClassLoader(Step<T> step) throws RuntimeException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SftpConnection.class.getClassLoader());
        try {
            return step.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new WrappedException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Carries a checked exception out of {@link #withBundleClassLoader}. */
    static final class WrappedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrappedException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Makes ed25519 available through the embedded eddsa library without registering it with
     * {@link java.security.Security}: a provider registered there is JVM-wide and would keep this
     * bundle's class loader, and hand out its classes, after the bundle is updated or removed.
     */
    private static void prepareSecurityProviders() {
        withBundleClassLoader(() -> {
            EdDSASecurityProviderRegistrar eddsa = new EdDSASecurityProviderRegistrar();
            eddsa.getProperties().put(
                    eddsa.getConfigurationPropertyName(SecurityProviderRegistrar.NAMED_PROVIDER_PROPERTY), "false");
            SecurityUtils.registerSecurityProvider(eddsa);
            SecurityUtils.isBouncyCastleRegistered(); // runs MINA's own registration now, under this class loader
            return null;
        });
    }
}
