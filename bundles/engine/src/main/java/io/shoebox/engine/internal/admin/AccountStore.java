package io.shoebox.engine.internal.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps the administrator's password hash (PBKDF2-HMAC-SHA-256) and the hashes of issued tokens
 * in {@code accounts.properties} of the data directory, readable by its owner only.
 */
final class AccountStore {

    static final String FILE = "accounts.properties";
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";
    static final int MIN_PASSWORD_LENGTH = 8;
    private static final int ITERATIONS = 210_000;
    private static final String PASSWORD_KEY = "admin.password";
    private static final String TOKEN_PREFIX = "token.";

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private final Properties stored = new Properties();
    /** Keyed digests of passwords verified since start, so each request does not pay for PBKDF2. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final byte[] sessionKey = new byte[32];

    AccountStore(Path home) throws IOException {
        this.file = home.resolve(FILE);
        random.nextBytes(sessionKey);
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                stored.load(in);
            }
        }
    }

    boolean hasPassword() {
        return stored.getProperty(PASSWORD_KEY) != null;
    }

    synchronized void setPassword(String password) throws IOException {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the admin password must have at least " + MIN_PASSWORD_LENGTH
                    + " characters");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        stored.setProperty(PASSWORD_KEY, "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(pbkdf2(password, salt, ITERATIONS)));
        verified.clear();
        save();
    }

    boolean verifyPassword(String password) {
        String hash = stored.getProperty(PASSWORD_KEY);
        if (hash == null || password == null) {
            return false;
        }
        String digest = keyedDigest(hash + "\0" + password);
        if (verified.contains(digest)) {
            return true;
        }
        String[] parts = hash.split("\\$");
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        boolean ok = MessageDigest.isEqual(expected, actual);
        if (ok) {
            verified.add(digest);
        }
        return ok;
    }

    synchronized String[] issueToken(String name) throws IOException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String value = "sbx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = HexFormat.of().formatHex(secret, 0, 6);
        String created = Instant.now().toString();
        stored.setProperty(TOKEN_PREFIX + id, sha256(value) + "|" + created + "|" + name.replace("|", "/"));
        save();
        return new String[] {id, created, value};
    }

    /** Token id, creation time and name for a valid token value, else empty. */
    Optional<String[]> verifyToken(String value) {
        if (value == null || !value.startsWith("sbx_")) {
            return Optional.empty();
        }
        String hash = sha256(value);
        for (Map.Entry<Object, Object> entry : stored.entrySet()) {
            String key = entry.getKey().toString();
            String[] fields = entry.getValue().toString().split("\\|", 3);
            if (key.startsWith(TOKEN_PREFIX) && MessageDigest.isEqual(fields[0].getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(new String[] {key.substring(TOKEN_PREFIX.length()), fields[1], fields[2]});
            }
        }
        return Optional.empty();
    }

    List<String[]> tokens() {
        List<String[]> tokens = new ArrayList<>();
        stored.forEach((key, value) -> {
            if (key.toString().startsWith(TOKEN_PREFIX)) {
                String[] fields = value.toString().split("\\|", 3);
                tokens.add(new String[] {key.toString().substring(TOKEN_PREFIX.length()), fields[1], fields[2]});
            }
        });
        tokens.sort((a, b) -> a[1].compareTo(b[1]));
        return tokens;
    }

    synchronized boolean revokeToken(String id) throws IOException {
        boolean removed = stored.remove(TOKEN_PREFIX + id) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    private void save() throws IOException {
        var out = new java.io.StringWriter();
        stored.store(out, "Shoebox accounts: hashes only");
        io.shoebox.engine.internal.files.OwnerOnlyFiles.write(file, out.toString());
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available in this JVM", e);
        }
    }

    private String keyedDigest(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionKey, "HmacSHA256"));
            return b64(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
