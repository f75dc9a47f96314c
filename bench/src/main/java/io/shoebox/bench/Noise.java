package io.shoebox.bench;

import java.util.SplittableRandom;

/** Fast deterministic bytes that do not compress, like the entropy-coded data of real media. */
final class Noise {

    private final SplittableRandom random;

    Noise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    void fill(byte[] buffer, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = random.nextLong();
            buffer[i] = (byte) v;
            buffer[i + 1] = (byte) (v >>> 8);
            buffer[i + 2] = (byte) (v >>> 16);
            buffer[i + 3] = (byte) (v >>> 24);
            buffer[i + 4] = (byte) (v >>> 32);
            buffer[i + 5] = (byte) (v >>> 40);
            buffer[i + 6] = (byte) (v >>> 48);
            buffer[i + 7] = (byte) (v >>> 56);
        }
        if (i < to) {
            long v = random.nextLong();
            for (; i < to; i++, v >>>= 8) {
                buffer[i] = (byte) v;
            }
        }
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
