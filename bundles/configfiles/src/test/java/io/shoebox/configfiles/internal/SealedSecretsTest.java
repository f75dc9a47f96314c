package io.shoebox.configfiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedSecretsTest {

    @TempDir
    Path home;

    @Test
    void a_sealed_secret_opens_to_the_original_and_does_not_contain_it() throws Exception {
        SealedSecrets secrets = SealedSecrets.fromKeyFile(home.resolve("secret.key"));
        String sealed = secrets.seal("correct horse battery staple");
        assertThat(sealed).startsWith("{sealed}").doesNotContain("horse");
        assertThat(secrets.isSealed(sealed)).isTrue();
        assertThat(secrets.open(sealed)).isEqualTo("correct horse battery staple");
    }

    @Test
    void sealing_twice_does_nothing_and_plain_values_open_unchanged() throws Exception {
        SealedSecrets secrets = SealedSecrets.fromKeyFile(home.resolve("secret.key"));
        String sealed = secrets.seal("pw");
        assertThat(secrets.seal(sealed)).isEqualTo(sealed);
        assertThat(secrets.open("not a secret")).isEqualTo("not a secret");
    }

    @Test
    void the_key_file_is_created_once_readable_by_its_owner_only_and_reused() throws Exception {
        Path keyFile = home.resolve("data/secret.key");
        String sealed = SealedSecrets.fromKeyFile(keyFile).seal("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(SealedSecrets.fromKeyFile(keyFile).open(sealed)).isEqualTo("s3cret");
    }

    @Test
    void a_value_sealed_by_another_server_fails_with_a_clear_message() throws Exception {
        String sealed = SealedSecrets.fromKeyFile(home.resolve("a/secret.key")).seal("s3cret");
        SealedSecrets other = SealedSecrets.fromKeyFile(home.resolve("b/secret.key"));
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another server");
    }

    @Test
    void a_damaged_key_file_is_reported() throws Exception {
        Path keyFile = home.resolve("secret.key");
        Files.writeString(keyFile, "c2hvcnQ=\n");
        assertThatThrownBy(() -> SealedSecrets.fromKeyFile(keyFile)).hasMessageContaining("damaged");
    }
}
