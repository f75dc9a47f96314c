package io.shoebox.repository.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.shoebox.repository.BlobId;

/**
 * The repository's master key material and the primitives that use it: AES-256-GCM sealing
 * ({@code nonce(12) || ciphertext || tag(16)}), HMAC-SHA-256 blob ids and the chunker seed.
 * Thread-safe: every thread gets its own {@link Cipher} and {@link Mac}.
 */
public final class MasterKey {

    public static final int KEY_LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** Bytes an encrypted object has more than its plaintext. */
    public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Large inputs are fed to AES-GCM and HMAC in slices of this size. The JIT only switches the
     * GHASH, AES-CTR and SHA-256 loops to their AES-NI/SHA-NI intrinsics once they have been
     * called often; one call per 1 MiB blob keeps them interpreted for a gigabyte or more (measured:
     * 30 s for the first GiB against 3 s with slices), and slicing costs nothing afterwards.
     */
    static final int SLICE = 4096;

    private final byte[] encryptionKey;
    private final byte[] idKey;
    private final byte[] chunkerSeed;
    private final SecretKeySpec aesKey;
    private final ThreadLocal<Cipher> ciphers;
    private final ThreadLocal<Mac> macs;

    public MasterKey(byte[] encryptionKey, byte[] idKey, byte[] chunkerSeed) {
        if (encryptionKey.length != KEY_LENGTH || idKey.length != KEY_LENGTH || chunkerSeed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("master key parts must have 32 bytes each");
        }
        this.encryptionKey = encryptionKey.clone();
        this.idKey = idKey.clone();
        this.chunkerSeed = chunkerSeed.clone();
        this.aesKey = new SecretKeySpec(this.encryptionKey, "AES");
        SecretKeySpec macKey = new SecretKeySpec(this.idKey, "HmacSHA256");
        this.ciphers = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM is not available", e);
            }
        });
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(macKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    public static MasterKey random() {
        return new MasterKey(randomBytes(KEY_LENGTH), randomBytes(KEY_LENGTH), randomBytes(KEY_LENGTH));
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    public byte[] idKey() {
        return idKey.clone();
    }

    public byte[] chunkerSeed() {
        return chunkerSeed.clone();
    }

    /** HMAC-SHA-256 of the plaintext under the id key. */
    public BlobId blobId(byte[] data, int offset, int length) {
        return BlobId.of(mac(data, offset, length));
    }

    /** Raw HMAC-SHA-256 under the id key. */
    public byte[] mac(byte[] data, int offset, int length) {
        Mac mac = macs.get();
        int end = offset + length;
        for (int at = offset; at < end; at += SLICE) {
            mac.update(data, at, Math.min(SLICE, end - at));
        }
        return mac.doFinal();
    }

    /** Encrypts into a new array {@code nonce || ciphertext || tag}. */
    public byte[] seal(byte[] plaintext, int offset, int length, byte[] aad) {
        byte[] out = new byte[length + OVERHEAD];
        seal(plaintext, offset, length, aad, out, 0);
        return out;
    }

    /**
     * Encrypts into {@code out} at {@code outOffset}, writing exactly {@code length + OVERHEAD}
     * bytes. Input and output must not overlap.
     */
    public void seal(byte[] plaintext, int offset, int length, byte[] aad, byte[] out, int outOffset) {
        byte[] nonce = randomBytes(NONCE_LENGTH);
        System.arraycopy(nonce, 0, out, outOffset, NONCE_LENGTH);
        Cipher cipher = ciphers.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            int written = 0;
            int end = offset + length;
            int at = offset;
            for (; end - at > SLICE; at += SLICE) {
                written += cipher.update(plaintext, at, SLICE, out, outOffset + NONCE_LENGTH + written);
            }
            written += cipher.doFinal(plaintext, at, end - at, out, outOffset + NONCE_LENGTH + written);
            if (written != length + TAG_LENGTH) {
                throw new IllegalStateException("unexpected GCM output length " + written);
            }
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("output buffer too small", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates {@code nonce || ciphertext || tag}.
     *
     * @throws AEADBadTagException when the data or its associated data were changed
     */
    public byte[] open(byte[] sealed, int offset, int length, byte[] aad) throws AEADBadTagException {
        return open(aesKey, ciphers.get(), sealed, offset, length, aad);
    }

    /** Like {@link #open(byte[], int, int, byte[])} under another key (key files). */
    public static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        try {
            return open(new SecretKeySpec(key, "AES"), Cipher.getInstance("AES/GCM/NoPadding"), sealed, 0,
                    sealed.length, aad);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    /** Seals under another key (key files). */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        try {
            byte[] nonce = randomBytes(NONCE_LENGTH);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            cipher.updateAAD(aad);
            byte[] out = new byte[plaintext.length + OVERHEAD];
            System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
            cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    private static byte[] open(SecretKeySpec key, Cipher cipher, byte[] sealed, int offset, int length, byte[] aad)
            throws AEADBadTagException {
        if (length < OVERHEAD) {
            throw new AEADBadTagException("encrypted data too short (" + length + " bytes)");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_LENGTH * 8, sealed, offset, NONCE_LENGTH));
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(sealed, offset + NONCE_LENGTH, length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            AEADBadTagException failure = new AEADBadTagException("decryption failed: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    /** SHA-256 of a range, as lower-case hex (object names). */
    public static String sha256Hex(byte[] data, int offset, int length) {
        return Hex.of(sha256(data, offset, length));
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            int end = offset + length;
            for (int at = offset; at < end; at += SLICE * 16) {
                digest.update(data, at, Math.min(SLICE * 16, end - at));
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public void destroy() {
        Arrays.fill(encryptionKey, (byte) 0);
        Arrays.fill(idKey, (byte) 0);
        Arrays.fill(chunkerSeed, (byte) 0);
    }
}
