package io.shoebox.engine.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {

    @TempDir
    Path home;

    @Test
    void the_password_is_verified_and_only_its_hash_is_stored() throws Exception {
        AccountStore store = new AccountStore(home);
        store.setPassword("correct horse");
        assertThat(store.verifyPassword("correct horse")).isTrue();
        assertThat(store.verifyPassword("wrong horse")).isFalse();
        String file = Files.readString(home.resolve(AccountStore.FILE));
        assertThat(file).doesNotContain("correct horse").contains("pbkdf2-sha256");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(AccountStore.FILE))))
                .isEqualTo("rw-------");
        assertThat(new AccountStore(home).verifyPassword("correct horse")).isTrue();
    }

    @Test
    void short_passwords_are_refused() {
        assertThatThrownBy(() -> new AccountStore(home).setPassword("short")).hasMessageContaining("8 characters");
    }

    @Test
    void tokens_verify_until_revoked_and_only_their_hash_is_stored() throws Exception {
        AccountStore store = new AccountStore(home);
        String[] issued = store.issueToken("nightly script");
        String value = issued[2];
        assertThat(store.verifyToken(value)).get().satisfies(t -> assertThat(t[2]).isEqualTo("nightly script"));
        assertThat(store.verifyToken(value + "x")).isEmpty();
        assertThat(Files.readString(home.resolve(AccountStore.FILE))).doesNotContain(value);
        assertThat(new AccountStore(home).verifyToken(value)).isPresent();
        assertThat(store.revokeToken(issued[0])).isTrue();
        assertThat(store.verifyToken(value)).isEmpty();
    }
}
