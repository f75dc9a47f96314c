package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.repository.Repository.KeyInfo;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.internal.crypto.Kdf;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.Json;

/**
 * Key files on their own, without a repository around them: what a key file holds, which password
 * unwraps it, how the one that opens a repository is found among several, and the keys a repository
 * lists, adds, removes and replaces.
 */
class KeyFilesTest extends RepositoryFixture {

    private static final Kdf KDF = new Kdf(1024, 1, 1);
    private static final char[] OTHER = "another password".toCharArray();

    private Storage storage;
    private final MasterKey key = MasterKey.random();

    @BeforeEach
    void createStorage() {
        storage = storage();
    }

    @Test
    void a_key_file_is_the_documented_json_named_by_its_hash_and_unwraps_only_with_its_password() throws Exception {
        String name = KeyFiles.write(storage, key, PASSWORD, "laptop", KDF);

        byte[] bytes = Files.readAllBytes(keyFile(name));
        assertThat(name).isEqualTo(MasterKey.sha256Hex(bytes, 0, bytes.length));
        var json = Json.MAPPER.readTree(bytes);
        assertThat(json.get("version").asInt()).isEqualTo(KeyFiles.VERSION).isEqualTo(1);
        assertThat(json.get("kdf").asText()).isEqualTo("argon2id");
        assertThat(json.get("m").asInt()).isEqualTo(1024);
        assertThat(json.get("t").asInt()).isEqualTo(1);
        assertThat(json.get("p").asInt()).isEqualTo(1);
        assertThat(json.get("label").asText()).isEqualTo("laptop");
        assertThat(json.fieldNames()).toIterable().contains("salt", "created", "hostname", "wrapped");

        MasterKey unwrapped = KeyFiles.unwrap(bytes, PASSWORD, name);
        assertThat(unwrapped.encryptionKey()).isEqualTo(key.encryptionKey());
        assertThat(unwrapped.idKey()).isEqualTo(key.idKey());
        assertThat(unwrapped.chunkerSeed()).isEqualTo(key.chunkerSeed());
        assertThat(KeyFiles.unwrap(bytes, OTHER, name)).as("another password").isNull();
    }

    @Test
    void a_key_file_of_another_version_or_kdf_is_unsupported_and_one_with_invalid_fields_corrupt() throws Exception {
        ObjectNode json = keyJson(KeyFiles.write(storage, key, PASSWORD, "initial", KDF));

        json.put("version", 2);
        assertReason(Json.bytes(json), Reason.UNSUPPORTED_VERSION);
        json.put("version", 1).put("kdf", "scrypt");
        assertReason(Json.bytes(json), Reason.UNSUPPORTED_VERSION);
        json.put("kdf", "argon2id").put("salt", "not base64!");
        assertReason(Json.bytes(json), Reason.CORRUPT);
    }

    @Test
    void unlocking_takes_the_key_file_the_password_opens_and_passes_over_unreadable_ones() throws Exception {
        storage.create(DefaultRepository.KEYS + "0".repeat(64), ByteSource.of("{not json".getBytes()));
        KeyFiles.write(storage, key, OTHER, "other", KDF);
        String mine = KeyFiles.write(storage, key, PASSWORD, "mine", KDF);

        KeyFiles.Unlocked unlocked = KeyFiles.unlock(storage, keyObjects(), PASSWORD, SILENT);

        assertThat(unlocked.name()).isEqualTo(mine);
        assertThat(unlocked.key().idKey()).isEqualTo(key.idKey());
    }

    @Test
    void a_password_no_key_file_opens_is_wrong_unless_a_key_file_is_of_an_unknown_version() throws Exception {
        KeyFiles.write(storage, key, OTHER, "other", KDF);
        KeyFiles.write(storage, key, OTHER, "other too", KDF);

        assertThatThrownBy(() -> KeyFiles.unlock(storage, keyObjects(), PASSWORD, SILENT))
                .isInstanceOfSatisfying(RepositoryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD);
                    assertThat(e.getMessage()).contains("none of the repository's 2 key(s)");
                });

        ObjectNode newer = keyJson(KeyFiles.write(storage, key, PASSWORD, "newer", KDF));
        newer.put("version", 2);
        storage.create(DefaultRepository.KEYS + "f".repeat(64), ByteSource.of(Json.bytes(newer)));
        assertThatThrownBy(() -> KeyFiles.unlock(storage, keyObjects(), "none of them".toCharArray(), SILENT))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
    }

    @Test
    void the_keys_list_the_current_one_add_others_and_never_remove_the_last() throws Exception {
        String initial = KeyFiles.write(storage, key, PASSWORD, "initial", KDF);
        KeyFiles keys = new KeyFiles(storage, key, initial, KDF);

        String laptop = keys.add(OTHER, "laptop");

        assertThat(keys.list()).extracting(KeyInfo::label).containsExactlyInAnyOrder("initial", "laptop");
        assertThat(keys.list()).filteredOn(KeyInfo::current).extracting(KeyInfo::id).containsExactly(initial);
        assertThat(KeyFiles.unlock(storage, keyObjects(), OTHER, SILENT).name()).isEqualTo(laptop);
        assertThatThrownBy(() -> keys.remove("0".repeat(64))).hasMessageContaining("has no key");
        keys.remove(laptop);
        assertThatThrownBy(() -> keys.remove(initial)).hasMessageContaining("last key");
        assertThat(keys.list()).extracting(KeyInfo::id).containsExactly(initial);
    }

    @Test
    void changing_the_password_writes_a_key_file_with_the_same_label_and_deletes_the_old_one() throws Exception {
        String initial = KeyFiles.write(storage, key, PASSWORD, "nas", KDF);
        KeyFiles keys = new KeyFiles(storage, key, initial, KDF);

        keys.changePassword(OTHER);

        List<KeyInfo> listed = keys.list();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).id()).isNotEqualTo(initial);
        assertThat(listed.get(0).label()).isEqualTo("nas");
        assertThat(listed.get(0).current()).isTrue();
        assertThat(KeyFiles.unlock(storage, keyObjects(), OTHER, SILENT).key().encryptionKey())
                .isEqualTo(key.encryptionKey());
        assertThatThrownBy(() -> KeyFiles.unlock(storage, keyObjects(), PASSWORD, SILENT))
                .isInstanceOfSatisfying(RepositoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
    }

    private Path keyFile(String name) {
        return root().resolve("keys").resolve(name);
    }

    private ObjectNode keyJson(String name) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(Files.readAllBytes(keyFile(name)));
    }

    private List<ObjectInfo> keyObjects() throws Exception {
        return StoredObjects.list(storage, DefaultRepository.KEYS);
    }

    private static void assertReason(byte[] keyFile, Reason reason) {
        assertThatThrownBy(() -> KeyFiles.unwrap(keyFile, PASSWORD, "keys/test"))
                .isInstanceOfSatisfying(RepositoryException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
