package io.shoebox.api.admin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps secrets (passwords, cloud keys) out of plain text in configuration files. Sealed values
 * are self-marking strings, so a configuration can hold sealed and ordinary values side by side;
 * components receive them opened.
 */
@ProviderType
public interface SecretCodec {

    /** Seals a secret; sealing a sealed value returns it unchanged. */
    String seal(String plain);

    /** Opens a sealed value; any other value is returned unchanged. */
    String open(String value);

    /** Whether a value is sealed. */
    boolean isSealed(String value);
}
