package io.shoebox.repository.internal.chunk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * FastCDC (Xia et al., USENIX ATC 2016, and the 2020 journal version) with a keyed gear table:
 * gear rolling hash {@code h = (h << 1) + gear[byte]}, cut-point skipping below the minimum size,
 * and normalized chunking with two masks: a strict mask (more bits) before the normal size, a lax
 * one (fewer bits) after it, which narrows the chunk size distribution around the normal size.
 * The hash is rolled two bytes per iteration (the 2020 "rolling two bytes" optimisation).
 *
 * <p>The 256 gear values come from HMAC-SHA-256 keyed with the repository's chunker seed, so cut
 * points, and thus chunk sizes, cannot be predicted without the seed. Immutable and thread-safe.
 */
final class FastCdc {

    /** Normalization level: the strict mask has this many bits more than log2(avg), the lax one fewer. */
    static final int NORMALIZATION = 2;

    private static final byte[] GEAR_LABEL = "shoebox/chunker/gear/v1".getBytes(StandardCharsets.US_ASCII);

    private final long[] gear = new long[256];
    /** {@code gear[i] << 1}: the contribution of the first of two bytes rolled in one step. */
    private final long[] gearShifted = new long[256];
    private final long maskStrict;
    private final long maskLax;
    private final int minSize;
    private final int avgSize;
    private final int maxSize;

    FastCdc(byte[] seed, ChunkerParams params) {
        if (seed == null || seed.length < 16) {
            throw new IllegalArgumentException("the chunker seed must have at least 16 bytes");
        }
        deriveGear(seed, gear);
        for (int i = 0; i < 256; i++) {
            gearShifted[i] = gear[i] << 1;
        }
        this.minSize = params.minSize();
        this.avgSize = params.avgSize();
        this.maxSize = params.maxSize();
        int bits = 31 - Integer.numberOfLeadingZeros(avgSize); // floor(log2(avg))
        if (Integer.bitCount(avgSize) != 1 && avgSize - (1 << bits) > (2 << bits) - avgSize) {
            bits++; // nearest power of two
        }
        this.maskStrict = spreadMask(bits + NORMALIZATION);
        this.maskLax = spreadMask(Math.max(1, bits - NORMALIZATION));
    }

    int minSize() {
        return minSize;
    }

    int maxSize() {
        return maxSize;
    }

    int avgSize() {
        return avgSize;
    }

    private static void deriveGear(byte[] seed, long[] out) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            int n = 0;
            for (int block = 0; n < out.length; block++) {
                mac.update(GEAR_LABEL);
                mac.update((byte) block);
                byte[] h = mac.doFinal();
                for (int j = 0; j + 8 <= h.length && n < out.length; j += 8) {
                    long v = 0;
                    for (int k = 0; k < 8; k++) {
                        v = (v << 8) | (h[j + k] & 0xff);
                    }
                    out[n++] = v;
                }
                Arrays.fill(h, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * A mask of {@code ones} bits spread evenly over bit positions 62 down to 15. Bit k of the gear
     * hash depends on the last k+1 bytes, so the judgement looks at a window of up to 63 bytes;
     * bit 63 stays clear so that the mask shifted left by one (two-byte rolling) loses nothing.
     */
    static long spreadMask(int ones) {
        int n = Math.min(ones, 48);
        long mask = 0;
        for (int i = 0; i < n; i++) {
            mask |= 1L << (62 - (i * 48) / n);
        }
        return mask;
    }

    /**
     * Returns the end (exclusive) of the chunk that starts at {@code start}, given that the chunk
     * must end at {@code end} at the latest ({@code end - start <= maxSize}; the caller makes
     * {@code end} the region end, the end of the file, or {@code start + maxSize}).
     */
    int cut(byte[] buf, int start, int end) {
        if (end - start <= minSize) {
            return end;
        }
        if (end - start > maxSize) {
            end = start + maxSize;
        }
        int normal = Math.min(start + avgSize, end);
        int i = start + minSize;
        long h = 0;
        final long[] g = gear;
        final long[] g2 = gearShifted;
        long m = maskStrict;
        long m2 = m << 1;
        // Two bytes per step: after the first byte the hash is h1 = 2h + gear[a], kept doubled as
        // 4h + 2 gear[a] = 2 h1, which is tested against the doubled mask.
        for (int stop = normal - 1; i < stop; i += 2) {
            h = (h << 2) + g2[buf[i] & 0xff];
            if ((h & m2) == 0) {
                return i + 1;
            }
            h += g[buf[i + 1] & 0xff];
            if ((h & m) == 0) {
                return i + 2;
            }
        }
        if (i < normal) {
            h = (h << 1) + g[buf[i] & 0xff];
            if ((h & m) == 0) {
                return i + 1;
            }
            i++;
        }
        m = maskLax;
        m2 = m << 1;
        for (int stop = end - 1; i < stop; i += 2) {
            h = (h << 2) + g2[buf[i] & 0xff];
            if ((h & m2) == 0) {
                return i + 1;
            }
            h += g[buf[i + 1] & 0xff];
            if ((h & m) == 0) {
                return i + 2;
            }
        }
        if (i < end) {
            h = (h << 1) + g[buf[i] & 0xff];
            if ((h & m) == 0) {
                return i + 1;
            }
        }
        return end;
    }
}
