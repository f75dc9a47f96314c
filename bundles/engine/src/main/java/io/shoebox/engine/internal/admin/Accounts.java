package io.shoebox.engine.internal.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.AccountService;
import io.shoebox.engine.internal.files.OwnerOnlyFiles;

/**
 * The administrator account and API tokens. At first start the admin password comes from
 * {@code SHOEBOX_ADMIN_PASSWORD}; without it one is generated, logged once and written to
 * {@code SHOEBOX_HOME/initial-admin-password}. Setting the variable on a later start resets the
 * password to it.
 */
@Component(service = AccountService.class)
public class Accounts implements AccountService {

    static final String PASSWORD_VARIABLE = "SHOEBOX_ADMIN_PASSWORD";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final AccountStore store;

    @Activate
    public Accounts(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this(homeOf(context), System.getenv(PASSWORD_VARIABLE), log);
    }

    /**
     * @param fromEnvironment the value of {@code SHOEBOX_ADMIN_PASSWORD}, or {@code null}
     */
    Accounts(Path homeDir, String fromEnvironment, Logger log) throws IOException {
        this.store = new AccountStore(homeDir);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            if (fromEnvironment.length() < AccountStore.MIN_PASSWORD_LENGTH) {
                // One clear line and a usable server: the sign-in keeps working with the stored or a generated password.
                log.error("{} is ignored: the admin password must have at least {} characters, it has {}. Set a longer"
                        + " one and restart to use it.", PASSWORD_VARIABLE, AccountStore.MIN_PASSWORD_LENGTH,
                        fromEnvironment.length());
            } else {
                if (!store.verifyPassword(fromEnvironment)) {
                    store.setPassword(fromEnvironment);
                    log.info("Admin password set from {}", PASSWORD_VARIABLE);
                }
                return;
            }
        }
        if (!store.hasPassword()) {
            String generated = generatePassword();
            store.setPassword(generated);
            Path file = homeDir.resolve(AccountStore.INITIAL_PASSWORD_FILE);
            OwnerOnlyFiles.write(file, generated + "\n");
            log.warn("No usable {} was given: the generated admin password is {} (also in {}, readable by its owner"
                    + " only). It is shown this once.", PASSWORD_VARIABLE, generated, file);
        }
    }

    private static Path homeOf(BundleContext context) {
        String home = context.getProperty("shoebox.home");
        return Path.of(home == null ? "data" : home);
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public boolean verifyPassword(String user, String password) {
        return ADMIN.equals(user) && store.verifyPassword(password);
    }

    @Override
    public void changePassword(String newPassword) {
        try {
            store.setPassword(newPassword);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the new password: " + e.getMessage(), e);
        }
    }

    @Override
    public IssuedToken issueToken(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new io.shoebox.api.admin.InvalidConfigurationException("name", "a token needs a name of 1 to 100 characters");
        }
        try {
            String[] issued = store.issueToken(name.strip());
            return new IssuedToken(new TokenInfo(issued[0], name.strip(), Instant.parse(issued[1])), issued[2]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the token: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TokenInfo> verifyToken(String value) {
        return store.verifyToken(value).map(Accounts::info);
    }

    @Override
    public List<TokenInfo> tokens() {
        return store.tokens().stream().map(Accounts::info).toList();
    }

    @Override
    public boolean revokeToken(String id) {
        try {
            return store.revokeToken(id);
        } catch (IOException e) {
            throw new IllegalStateException("cannot revoke the token: " + e.getMessage(), e);
        }
    }

    private static TokenInfo info(String[] fields) {
        return new TokenInfo(fields[0], fields[2], Instant.parse(fields[1]));
    }
}
