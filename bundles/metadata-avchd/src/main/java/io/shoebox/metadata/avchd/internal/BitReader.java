package io.shoebox.metadata.avchd.internal;

/**
 * Reads the bits of an H.264 syntax structure held in memory (its emulation prevention bytes already
 * removed): fixed-width fields and exp-Golomb codes, most significant bit first. Reading past the end
 * throws {@link Malformed}.
 */
final class BitReader {

    /** Longer runs of leading zeros do not encode a 32-bit value: the data is not what it claims. */
    private static final int MAX_LEADING_ZEROS = 31;

    private final byte[] bytes;
    private final int end;
    private long bit;

    BitReader(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.end = Math.min(to, bytes.length);
        this.bit = 8L * Math.max(0, from);
    }

    int bit() {
        if (bit >= 8L * end) {
            throw new Malformed("bits end early");
        }
        int value = bytes[(int) (bit >>> 3)] >> (7 - (int) (bit & 7)) & 1;
        bit++;
        return value;
    }

    boolean flag() {
        return bit() == 1;
    }

    /** An unsigned field of up to 32 bits. */
    long bits(int n) {
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = value << 1 | bit();
        }
        return value;
    }

    /** An unsigned exp-Golomb code, {@code ue(v)}. */
    long ue() {
        int zeros = 0;
        while (bit() == 0) {
            if (++zeros > MAX_LEADING_ZEROS) {
                throw new Malformed("exp-Golomb code too long");
            }
        }
        return (1L << zeros) - 1 + bits(zeros);
    }

    /** A signed exp-Golomb code, {@code se(v)}. */
    long se() {
        long k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
