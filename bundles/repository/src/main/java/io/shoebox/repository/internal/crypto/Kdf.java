package io.shoebox.repository.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (version 0x13) key derivation of the 32-byte key-encryption key from a password.
 *
 * @param memoryKiB memory in KiB ({@code m})
 * @param iterations passes ({@code t})
 * @param parallelism lanes ({@code p})
 */
public record Kdf(int memoryKiB, int iterations, int parallelism) {

    /** Default: 64 MiB, 2 passes, 2 lanes: about 0.6 s on two cores. */
    public static final Kdf DEFAULT = new Kdf(64 * 1024, 2, 2);

    public Kdf {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1 || parallelism > 255) {
            throw new IllegalArgumentException("invalid Argon2id parameters m=" + memoryKiB + " t=" + iterations
                    + " p=" + parallelism);
        }
    }

    public byte[] derive(char[] password, byte[] salt) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[encoded.remaining()];
        encoded.get(secret);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(memoryKiB)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .build());
            byte[] key = new byte[32];
            generator.generateBytes(secret, key);
            return key;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
