package io.shoebox.repository.internal.format;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;

import javax.crypto.AEADBadTagException;

import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.internal.crypto.Compression;
import io.shoebox.repository.internal.crypto.MasterKey;

/**
 * Encoding of whole metadata objects ({@code config}, {@code index/}, {@code snapshots/},
 * {@code locks/}): {@code nonce || AES-GCM(encoding byte || body) || tag}, with the object kind
 * as associated data. Encoding 0 is a raw body, 1 a zlib-compressed body.
 */
public enum Sealed {
    CONFIG("config", false),
    INDEX("index", true),
    SNAPSHOT("snapshot", true),
    LOCK("lock", false);

    public static final int RAW = 0;
    public static final int ZLIB = 1;

    private final byte[] aad;
    private final boolean compressed;

    Sealed(String aad, boolean compressed) {
        this.aad = aad.getBytes(StandardCharsets.US_ASCII);
        this.compressed = compressed;
    }

    public byte[] aad() {
        return aad.clone();
    }

    public byte[] seal(MasterKey key, byte[] body) {
        byte[] plain;
        if (compressed) {
            plain = Compression.compress(body, 0, body.length, 1);
            plain[0] = ZLIB;
        } else {
            plain = new byte[body.length + 1];
            plain[0] = RAW;
            System.arraycopy(body, 0, plain, 1, body.length);
        }
        return key.seal(plain, 0, plain.length, aad);
    }

    /** Decrypts, authenticates and decodes; {@code name} is the object's key, for messages. */
    public byte[] open(MasterKey key, byte[] sealed, String name) throws RepositoryException {
        byte[] plain;
        try {
            plain = key.open(sealed, 0, sealed.length, aad);
        } catch (AEADBadTagException e) {
            throw new RepositoryException(Reason.CORRUPT,
                    "object " + name + " is damaged or was tampered with (authentication failed)", e);
        }
        if (plain.length == 0) {
            throw new RepositoryException(Reason.CORRUPT, "object " + name + " is empty");
        }
        switch (plain[0]) {
            case RAW:
                return java.util.Arrays.copyOfRange(plain, 1, plain.length);
            case ZLIB:
                try {
                    return Compression.decompress(plain, 1, plain.length - 1, -1);
                } catch (DataFormatException e) {
                    throw new RepositoryException(Reason.CORRUPT, "object " + name + " does not decompress", e);
                }
            default:
                throw new RepositoryException(Reason.UNSUPPORTED_VERSION,
                        "object " + name + " uses encoding " + plain[0] + ", which this version does not know");
        }
    }
}
