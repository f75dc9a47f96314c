package io.shoebox.storage.sftp.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;

/**
 * Trusts a server only when its host key is the one the operator pinned, by fingerprint or in a
 * known_hosts file. There is no "trust on first use": without either, the connection is refused and
 * the refusal names the server's fingerprint, so that the operator can compare it with the one the
 * server shows ({@code ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub}) and pin it.
 */
final class HostKeyCheck implements ServerKeyVerifier {

    /** Why a session's host key was refused, kept on the session so that the login failure can say so. */
    static final AttributeKey<StorageException> REFUSAL = new AttributeKey<>();

    private final SftpSettings settings;
    /**
     * The last refusal, for when the session closes before the caller holds it: under load the
     * key exchange can fail, and close the session, before the connect call returns it.
     */
    private volatile StorageException lastRefusal;

    HostKeyCheck(SftpSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        StorageException refusal = refusal(serverKey);
        if (refusal != null) {
            session.setAttribute(REFUSAL, refusal);
            lastRefusal = refusal;
        }
        return refusal == null;
    }

    /** The reason not to trust {@code serverKey}, or {@code null} to trust it. */
    StorageException refusal(PublicKey serverKey) {
        String actual = fingerprint(serverKey);
        String pinned = settings.hostKeyFingerprint();
        if (!pinned.isEmpty()) {
            String expected = normalize(pinned);
            Map.Entry<Boolean, String> outcome = KeyUtils.checkFingerPrint(expected, serverKey);
            if (outcome.getKey()) {
                return null;
            }
            return mismatch(actual, "the pinned fingerprint " + expected);
        }
        if (settings.knownHosts() != null) {
            return checkKnownHosts(serverKey, actual);
        }
        return new StorageException(Kind.PERMANENT, "the host key of " + settings.server() + " cannot be checked:"
                + " neither a host key fingerprint nor a known_hosts file is configured. The server presented "
                + describe(serverKey, actual) + "; if that is the fingerprint the server itself shows"
                + " (ssh-keygen -lf on its host key), enter it as the host key fingerprint");
    }

    private StorageException checkKnownHosts(PublicKey serverKey, String actual) {
        List<KnownHostEntry> entries;
        try {
            entries = KnownHostEntry.readKnownHostEntries(settings.knownHosts());
        } catch (NoSuchFileException e) {
            return new StorageException(Kind.PERMANENT, "known_hosts file " + settings.knownHosts()
                    + " does not exist; the server " + settings.server() + " presented " + describe(serverKey, actual));
        } catch (IOException | RuntimeException e) {
            return new StorageException(Kind.PERMANENT, "cannot read known_hosts file " + settings.knownHosts() + ": "
                    + e.getMessage(), e);
        }
        boolean listed = false;
        for (KnownHostEntry entry : entries) {
            if (!entry.isHostMatch(settings.host(), settings.port())) {
                continue;
            }
            PublicKey known;
            try {
                known = entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                continue;
            }
            if (known == null) {
                continue;
            }
            boolean same = KeyUtils.compareKeys(known, serverKey);
            String marker = entry.getMarker();
            if ("revoked".equals(marker)) {
                if (same) {
                    return new StorageException(Kind.AUTHENTICATION, "the host key of " + settings.server()
                            + " (" + actual + ") is marked as revoked in " + settings.knownHosts());
                }
                continue;
            }
            if (marker != null) {
                continue; // @cert-authority lines sign certificates; plain host keys are not checked against them
            }
            if (same) {
                return null;
            }
            listed = true;
        }
        if (listed) {
            return mismatch(actual, "the keys listed for it in " + settings.knownHosts());
        }
        return new StorageException(Kind.PERMANENT, settings.host() + (settings.port() == 22 ? "" : " port "
                + settings.port()) + " is not listed in known_hosts file " + settings.knownHosts() + "; the server"
                + " presented " + describe(serverKey, actual) + ". Add its key there (ssh-keyscan -p " + settings.port()
                + " " + settings.host() + ", checked against the server) or pin the fingerprint instead");
    }

    /** The last refusal since the previous call, if any; the caller connects one session at a time. */
    StorageException takeRefusal() {
        StorageException refusal = lastRefusal;
        lastRefusal = null;
        return refusal;
    }

    private StorageException mismatch(String actual, String expected) {
        return new StorageException(Kind.AUTHENTICATION, "host key mismatch — possible man-in-the-middle: "
                + settings.server() + " presented a host key with fingerprint " + actual + ", which is not "
                + expected + ". If the server's key really changed (reinstalled server), check the new fingerprint on"
                + " the server and update the target; otherwise do not connect");
    }

    /** The SHA-256 fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    private static String describe(PublicKey key, String fingerprint) {
        return "its " + KeyUtils.getKeyType(key) + " host key with fingerprint " + fingerprint;
    }

    /** Accepts a fingerprint with or without its {@code SHA256:} prefix and with base64 padding. */
    static String normalize(String pinned) {
        String value = pinned.strip();
        int colon = value.indexOf(':');
        String algorithm = colon < 0 ? "SHA256" : value.substring(0, colon);
        String digest = colon < 0 ? value : value.substring(colon + 1);
        if (algorithm.equalsIgnoreCase("SHA256")) {
            algorithm = "SHA256";
            while (digest.endsWith("=")) {
                digest = digest.substring(0, digest.length() - 1);
            }
        }
        return algorithm + ":" + digest;
    }
}
