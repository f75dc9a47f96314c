package io.shoebox.repository.internal;

import static io.shoebox.repository.internal.DefaultRepository.KEYS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import javax.crypto.AEADBadTagException;

import org.osgi.service.log.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.KeyInfo;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.internal.crypto.Kdf;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.Json;

/**
 * The key files of {@code keys/} (docs/repository-format.md §3): each wraps the one master key under
 * one password, with a key derived by Argon2id. The static methods write and unwrap key files; an
 * instance is a repository's {@link Repository.Keys}, knowing which key file opened it.
 */
final class KeyFiles implements Repository.Keys {

    /** The key file version this code writes and reads. */
    static final int VERSION = 1;
    private static final byte[] AAD = "shoebox-key".getBytes(StandardCharsets.US_ASCII);

    /** A master key and the name of the key file it was unwrapped from. */
    record Unlocked(MasterKey key, String name) {
    }

    private final Storage storage;
    private final MasterKey key;
    private final Kdf kdf;
    private volatile String current;

    /**
     * @param current the name of the key file the repository was opened with
     * @param kdf the key derivation for new key files
     */
    KeyFiles(Storage storage, MasterKey key, String current, Kdf kdf) {
        this.storage = storage;
        this.key = key;
        this.current = current;
        this.kdf = kdf;
    }

    /** Writes a key file wrapping the master key under a password; returns its name. */
    static String write(Storage storage, MasterKey key, char[] password, String label, Kdf kdf) throws IOException {
        byte[] salt = MasterKey.randomBytes(16);
        byte[] kek = kdf.derive(password, salt);
        ObjectNode master = Json.object();
        master.put("encrypt", Base64.getEncoder().encodeToString(key.encryptionKey()));
        master.put("id", Base64.getEncoder().encodeToString(key.idKey()));
        master.put("chunker", Base64.getEncoder().encodeToString(key.chunkerSeed()));
        byte[] wrapped = MasterKey.seal(kek, Json.bytes(master), AAD);
        Arrays.fill(kek, (byte) 0);
        ObjectNode json = Json.object();
        json.put("version", VERSION);
        json.put("kdf", "argon2id");
        json.put("m", kdf.memoryKiB());
        json.put("t", kdf.iterations());
        json.put("p", kdf.parallelism());
        json.put("salt", Base64.getEncoder().encodeToString(salt));
        json.put("created", Instant.now().toString());
        json.put("label", label == null ? "" : label);
        json.put("hostname", hostname());
        json.put("wrapped", Base64.getEncoder().encodeToString(wrapped));
        byte[] bytes = Json.bytes(json);
        String name = MasterKey.sha256Hex(bytes, 0, bytes.length);
        storage.create(KEYS + name, ByteSource.of(bytes));
        return name;
    }

    /** The master key if the password opens this key file, else {@code null}. */
    static MasterKey unwrap(byte[] keyFile, char[] password, String name) throws RepositoryException {
        JsonNode json = Json.parse(keyFile, name);
        long version = json.path("version").asLong(-1);
        if (version != VERSION || !"argon2id".equals(json.path("kdf").asText())) {
            throw new RepositoryException(Reason.UNSUPPORTED_VERSION, "key file " + name + " has version " + version
                    + " and kdf '" + json.path("kdf").asText() + "', which this version does not know");
        }
        Kdf fileKdf;
        byte[] salt;
        byte[] wrapped;
        try {
            fileKdf = new Kdf((int) Json.number(json, "m", name), (int) Json.number(json, "t", name),
                    (int) Json.number(json, "p", name));
            salt = Base64.getDecoder().decode(Json.text(json, "salt", name));
            wrapped = Base64.getDecoder().decode(Json.text(json, "wrapped", name));
        } catch (IllegalArgumentException e) {
            throw new RepositoryException(Reason.CORRUPT, "key file " + name + " has invalid fields", e);
        }
        byte[] kek = fileKdf.derive(password, salt);
        byte[] master;
        try {
            master = MasterKey.open(kek, wrapped, AAD);
        } catch (AEADBadTagException e) {
            return null;
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
        JsonNode parts = Json.parse(master, name);
        try {
            return new MasterKey(Base64.getDecoder().decode(Json.text(parts, "encrypt", name)),
                    Base64.getDecoder().decode(Json.text(parts, "id", name)),
                    Base64.getDecoder().decode(Json.text(parts, "chunker", name)));
        } catch (IllegalArgumentException e) {
            throw new RepositoryException(Reason.CORRUPT, "key file " + name + " wraps an invalid master key", e);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    /**
     * The master key from the first of the key files that the password opens. A key file that cannot
     * be read is passed over with a warning.
     *
     * @throws RepositoryException {@link Reason#WRONG_PASSWORD} when none opens, or
     *     {@link Reason#UNSUPPORTED_VERSION} when none opens and one is of a version this code does not know
     */
    static Unlocked unlock(Storage storage, List<ObjectInfo> keyFiles, char[] password, Logger log)
            throws IOException {
        RepositoryException unsupported = null;
        for (ObjectInfo object : keyFiles) {
            String name = object.key().substring(KEYS.length());
            try {
                MasterKey key = unwrap(StoredObjects.readAll(storage, object.key()), password, object.key());
                if (key != null) {
                    return new Unlocked(key, name);
                }
            } catch (RepositoryException e) {
                if (e.reason() == Reason.UNSUPPORTED_VERSION) {
                    unsupported = e;
                } else {
                    log.warn("key file {} is unreadable: {}", object.key(), e.getMessage());
                }
            }
        }
        if (unsupported != null) {
            throw unsupported;
        }
        throw new RepositoryException(Reason.WRONG_PASSWORD, "wrong password: none of the repository's "
                + keyFiles.size() + " key(s) opens with it");
    }

    @Override
    public List<KeyInfo> list() throws IOException {
        List<KeyInfo> result = new ArrayList<>();
        String currentName = current;
        for (ObjectInfo object : StoredObjects.list(storage, KEYS)) {
            String name = object.key().substring(KEYS.length());
            try {
                JsonNode json = Json.parse(StoredObjects.readAll(storage, object.key()), object.key());
                Instant created = Instant.parse(json.path("created").asText(Instant.EPOCH.toString()));
                result.add(new KeyInfo(name, json.path("label").asText(""), created, name.equals(currentName)));
            } catch (RepositoryException | DateTimeParseException e) {
                result.add(new KeyInfo(name, "(unreadable)", Instant.EPOCH, name.equals(currentName)));
            }
        }
        result.sort(Comparator.comparing(KeyInfo::created).thenComparing(KeyInfo::id));
        return result;
    }

    @Override
    public String add(char[] password, String label) throws IOException {
        return write(storage, key, password, label, kdf);
    }

    @Override
    public void remove(String keyId) throws IOException {
        List<ObjectInfo> objects = StoredObjects.list(storage, KEYS);
        if (objects.stream().noneMatch(object -> object.key().equals(KEYS + keyId))) {
            throw new IOException("the repository has no key " + keyId);
        }
        if (objects.size() <= 1) {
            throw new IOException("the last key of a repository cannot be removed: the data would be lost");
        }
        storage.delete(KEYS + keyId);
    }

    /** Writes a key file for the new password with the current one's label, then deletes the current one. */
    @Override
    public synchronized void changePassword(char[] newPassword) throws IOException {
        String old = current;
        String label = "changed";
        try {
            JsonNode json = Json.parse(StoredObjects.readAll(storage, KEYS + old), KEYS + old);
            label = json.path("label").asText(label);
        } catch (IOException e) {
            // keep the default label
        }
        current = write(storage, key, newPassword, label, kdf);
        storage.delete(KEYS + old);
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
