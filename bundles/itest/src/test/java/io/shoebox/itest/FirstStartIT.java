package io.shoebox.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first start without SHOEBOX_ADMIN_PASSWORD generates one, tells it once and keeps only its hash. */
class FirstStartIT {

    @TempDir
    Path work;

    @Test
    void without_an_admin_password_one_is_generated_written_for_the_owner_only_and_accepted() throws Exception {
        try (RunningServer server = RunningServer.start(work, null)) {
            server.awaitUp(Duration.ofSeconds(90));
            Path file = server.home.resolve("initial-admin-password");
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String generated = Files.readString(file).trim();
            assertThat(generated).hasSizeGreaterThanOrEqualTo(16);

            assertThat(server.get("/api/v1/plugins", RunningServer.basic("admin", generated)).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/plugins", RunningServer.admin()).status()).isEqualTo(401);
            String accounts = Files.readString(server.home.resolve("accounts.properties"));
            assertThat(accounts).doesNotContain(generated);
        }
    }
}
