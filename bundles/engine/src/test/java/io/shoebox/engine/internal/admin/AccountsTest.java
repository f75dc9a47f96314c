package io.shoebox.engine.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.admin.AccountService;

class AccountsTest {

    @TempDir
    Path home;

    /** What the accounts logged, as "level: format" (the format with its {} placeholders). */
    private final List<String> logged = new ArrayList<>();
    private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> {
                if (arguments != null && arguments.length > 0 && arguments[0] instanceof String format) {
                    logged.add(method.getName() + ": " + format);
                }
                return null;
            });

    @Test
    void the_password_from_the_environment_signs_the_admin_in() throws Exception {
        Accounts accounts = new Accounts(home, "correct horse", log);

        assertThat(accounts.verifyPassword(AccountService.ADMIN, "correct horse")).isTrue();
        assertThat(home.resolve(AccountStore.INITIAL_PASSWORD_FILE)).doesNotExist();
    }

    @Test
    void without_a_password_one_is_generated_written_for_the_owner_and_logged_once() throws Exception {
        Accounts accounts = new Accounts(home, null, log);

        String generated = Files.readString(home.resolve(AccountStore.INITIAL_PASSWORD_FILE)).strip();
        assertThat(accounts.verifyPassword(AccountService.ADMIN, generated)).isTrue();
        assertThat(logged).singleElement().asString().startsWith("warn: No usable {} was given");

        logged.clear();
        new Accounts(home, null, log);
        assertThat(logged).as("a later start keeps the password and says nothing").isEmpty();
    }

    @Test
    void a_too_short_password_from_the_environment_is_named_in_one_error_and_the_server_stays_usable() throws Exception {
        Accounts accounts = new Accounts(home, "short", log);

        assertThat(logged).first().asString().startsWith("error: {} is ignored");
        assertThat(accounts.verifyPassword(AccountService.ADMIN, "short")).isFalse();
        String generated = Files.readString(home.resolve(AccountStore.INITIAL_PASSWORD_FILE)).strip();
        assertThat(accounts.verifyPassword(AccountService.ADMIN, generated)).isTrue();
    }

    @Test
    void a_too_short_password_on_a_later_start_leaves_the_stored_one_in_place() throws Exception {
        new Accounts(home, "correct horse", log);

        Accounts restarted = new Accounts(home, "short", log);

        assertThat(restarted.verifyPassword(AccountService.ADMIN, "correct horse")).isTrue();
        assertThat(home.resolve(AccountStore.INITIAL_PASSWORD_FILE)).doesNotExist();
    }
}
