package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.KeyInfo;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.internal.format.Json;
import io.shoebox.repository.internal.format.Sealed;

class KeysTest extends RepositoryFixture {

    @Test
    void a_new_repository_opens_with_its_password_and_keeps_its_id() throws Exception {
        String id;
        try (Repository created = init()) {
            id = created.id();
            assertThat(id).hasSize(64);
        }
        try (Repository opened = open()) {
            assertThat(opened.id()).isEqualTo(id);
        }
        assertThat(root().resolve("config")).exists();
        assertThat(Files.list(root().resolve("keys")).count()).isEqualTo(1);
    }

    @Test
    void the_default_kdf_is_argon2id_with_64_MiB_and_the_key_file_says_so() throws Exception {
        try (Repository repository = DefaultRepository.init(storage(), PASSWORD, null,
                fast().withKdf(io.shoebox.repository.internal.crypto.Kdf.DEFAULT), SILENT)) {
            String keyName = repository.keys().list().get(0).id();
            var json = Json.MAPPER.readTree(Files.readAllBytes(root().resolve("keys").resolve(keyName)));
            assertThat(json.get("kdf").asText()).isEqualTo("argon2id");
            assertThat(json.get("m").asInt()).isEqualTo(65536);
            assertThat(json.get("t").asInt()).isEqualTo(2);
            assertThat(json.get("p").asInt()).isEqualTo(2);
        }
        for (int round = 1; round <= 2; round++) {
            long start = System.nanoTime();
            try (Repository repository = DefaultRepository.open(storage(), PASSWORD, null, fast(), SILENT)) {
                System.out.printf("unlock with default Argon2id parameters (open %d): %d ms%n", round,
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    @Test
    void a_wrong_password_is_refused_clearly() throws Exception {
        init().close();
        assertThatThrownBy(() -> DefaultRepository.open(storage(), "wrong".toCharArray(), null, fast(), SILENT))
                .isInstanceOfSatisfying(RepositoryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD);
                    assertThat(e.getMessage()).contains("wrong password");
                });
    }

    @Test
    void an_empty_target_is_not_a_repository_and_a_used_one_cannot_be_initialized_again() throws Exception {
        assertThatThrownBy(this::open).isInstanceOfSatisfying(RepositoryException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_REPOSITORY));
        init().close();
        assertThatThrownBy(this::init).isInstanceOfSatisfying(RepositoryException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_INITIALIZED));
    }

    @Test
    void several_passwords_open_the_same_repository_and_keys_can_be_removed_but_not_the_last() throws Exception {
        String second;
        try (Repository repository = init()) {
            second = repository.keys().add("second password".toCharArray(), "laptop");
            assertThat(repository.keys().list()).extracting(KeyInfo::label).containsExactlyInAnyOrder("initial", "laptop");
            assertThat(repository.keys().list()).filteredOn(KeyInfo::current).extracting(KeyInfo::label)
                    .containsExactly("initial");
        }
        try (Repository repository = DefaultRepository.open(storage(), "second password".toCharArray(), null, fast(),
                SILENT)) {
            assertThat(repository.keys().list()).filteredOn(KeyInfo::current).extracting(KeyInfo::id)
                    .containsExactly(second);
            String first = repository.keys().list().stream().filter(k -> !k.current()).findFirst().orElseThrow().id();
            repository.keys().remove(first);
            assertThatThrownBy(() -> repository.keys().remove(second)).hasMessageContaining("last key");
        }
        assertThatThrownBy(this::open).isInstanceOfSatisfying(RepositoryException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
    }

    @Test
    void changing_the_password_replaces_the_key_and_keeps_the_data() throws Exception {
        byte[] photo = random(1, 5000);
        try (DefaultRepository repository = init()) {
            try (var writer = repository.writer()) {
                writer.storeBlob(io.shoebox.repository.BlobType.DATA, photo, 0, photo.length);
                writer.flush();
            }
            repository.keys().changePassword("new password".toCharArray());
            assertThat(repository.keys().list()).hasSize(1).allMatch(KeyInfo::current);
        }
        assertThatThrownBy(this::open).isInstanceOfSatisfying(RepositoryException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PASSWORD));
        try (Repository repository = DefaultRepository.open(storage(), "new password".toCharArray(), null, fast(),
                SILENT)) {
            assertThat(repository.readBlob(repository.blobId(photo, 0, photo.length))).isEqualTo(photo);
        }
    }

    @Test
    void a_config_of_a_newer_format_version_is_refused_as_unsupported() throws Exception {
        try (DefaultRepository repository = init()) {
            var config = Json.object();
            config.put("version", 2);
            config.put("id", repository.id());
            config.put("packSize", PACK_SIZE);
            config.putObject("chunker").put("minSize", 1024).put("avgSize", 4096).put("maxSize", 16384);
            byte[] sealed = Sealed.CONFIG.seal(repository.masterKey(), Json.bytes(config));
            repository.storage().delete("config");
            repository.storage().create("config", ByteSource.of(sealed));
        }
        assertThatThrownBy(this::open).isInstanceOfSatisfying(RepositoryException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
            assertThat(e.getMessage()).contains("version 2");
        });
    }

    @Test
    void a_damaged_config_is_reported_as_corrupt() throws Exception {
        init().close();
        byte[] config = Files.readAllBytes(root().resolve("config"));
        config[config.length / 2] ^= 1;
        Files.delete(root().resolve("config"));
        Files.write(root().resolve("config"), config);
        assertThatThrownBy(this::open).isInstanceOfSatisfying(RepositoryException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(e.getMessage()).contains("config");
        });
    }
}
