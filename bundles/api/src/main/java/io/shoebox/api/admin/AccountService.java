package io.shoebox.api.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who may manage the server: the {@code admin} account, and bearer tokens issued for scripts and
 * other programs. Only hashes are kept; a token's value is shown once, when it is issued.
 */
@ProviderType
public interface AccountService {

    /** The one administrator's user name. */
    String ADMIN = "admin";

    /** Whether these credentials are the administrator's. */
    boolean verifyPassword(String user, String password);

    /** Replaces the administrator's password. */
    void changePassword(String newPassword);

    /** Issues a token; the returned value is the only time it can be seen. */
    IssuedToken issueToken(String name);

    /** The token's description if the value is a valid, unrevoked token. */
    Optional<TokenInfo> verifyToken(String value);

    List<TokenInfo> tokens();

    boolean revokeToken(String id);

    /**
     * A token as listed.
     *
     * @param id stable identifier, used to revoke it
     * @param name what the token is for
     * @param createdAt when it was issued
     */
    record TokenInfo(String id, String name, Instant createdAt) {
    }

    /**
     * A newly issued token.
     *
     * @param info its description
     * @param value the secret to send as {@code Authorization: Bearer <value>}
     */
    record IssuedToken(TokenInfo info, String value) {
    }
}
