package io.shoebox.metadata.media.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic damage to a file, as a fuzzer does it: everything comes from the {@link Random} given,
 * so a case is replayed by its seed. One to three of: bit flips, a run of random bytes, a duplicated
 * range, a deleted range, a truncation, and a length field set to a huge or degenerate value (the four
 * bytes before or after a four-letter box or chunk type, a JPEG segment length, or anywhere).
 */
final class Mutations {

    private static final long[] HUGE = {0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFF0L, 0x7FFF_FFF8L, 0, 1, 7, 8, 9};

    private Mutations() {
    }

    static byte[] mutate(byte[] seed, Random random, StringBuilder how) {
        byte[] bytes = seed;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count && bytes.length > 0; i++) {
            bytes = switch (random.nextInt(7)) {
                case 0 -> flipBits(bytes, random, how);
                case 1 -> randomRun(bytes, random, how);
                case 2 -> duplicateRange(bytes, random, how);
                case 3 -> deleteRange(bytes, random, how);
                case 4 -> truncate(bytes, random, how);
                default -> hugeLength(bytes, random, how);
            };
        }
        return bytes;
    }

    private static byte[] flipBits(byte[] in, Random random, StringBuilder how) {
        byte[] out = in.clone();
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        how.append("flip").append(flips).append(' ');
        return out;
    }

    private static byte[] randomRun(byte[] in, Random random, StringBuilder how) {
        byte[] out = in.clone();
        int at = random.nextInt(out.length);
        int length = Math.min(out.length - at, 1 + random.nextInt(64));
        for (int i = 0; i < length; i++) {
            out[at + i] = (byte) random.nextInt(256);
        }
        how.append("run@").append(at).append(' ');
        return out;
    }

    private static byte[] duplicateRange(byte[] in, Random random, StringBuilder how) {
        int from = random.nextInt(in.length);
        int length = Math.min(in.length - from, 1 + random.nextInt(4096));
        int to = random.nextInt(in.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + length);
        out.write(in, 0, to);
        out.write(in, from, length);
        out.write(in, to, in.length - to);
        how.append("dup").append(length).append('@').append(to).append(' ');
        return out.toByteArray();
    }

    private static byte[] deleteRange(byte[] in, Random random, StringBuilder how) {
        int from = random.nextInt(in.length);
        int length = Math.min(in.length - from, 1 + random.nextInt(4096));
        byte[] out = new byte[in.length - length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, from + length, out, from, in.length - from - length);
        how.append("del").append(length).append('@').append(from).append(' ');
        return out;
    }

    private static byte[] truncate(byte[] in, Random random, StringBuilder how) {
        int at = random.nextInt(in.length);
        how.append("cut@").append(at).append(' ');
        return Arrays.copyOf(in, at);
    }

    private static byte[] hugeLength(byte[] in, Random random, StringBuilder how) {
        byte[] out = in.clone();
        long value = random.nextInt(4) == 0 ? random.nextLong() & 0xFFFF_FFFFL : HUGE[random.nextInt(HUGE.length)];
        boolean little = random.nextBoolean();
        List<Integer> fields = lengthFields(out);
        int at;
        if (!fields.isEmpty() && random.nextInt(4) != 0) {
            at = fields.get(random.nextInt(fields.size()));
        } else {
            at = random.nextInt(Math.max(1, out.length - 3));
        }
        if (at >= 0 && at + 2 <= out.length && isJpegLength(out, at) && random.nextBoolean()) {
            int v = (int) (value & 0xFFFF);
            out[at] = (byte) (v >> 8);
            out[at + 1] = (byte) v;
            how.append("len16=").append(v).append('@').append(at).append(' ');
            return out;
        }
        for (int i = 0; i < 4 && at + i < out.length; i++) {
            int shift = little ? 8 * i : 8 * (3 - i);
            out[at + i] = (byte) (value >> shift);
        }
        how.append("len=").append(Long.toHexString(value)).append(little ? "le" : "be").append('@').append(at).append(' ');
        return out;
    }

    /** Offsets of likely length fields: around four-letter types (boxes, chunks) and after JPEG markers. */
    private static List<Integer> lengthFields(byte[] b) {
        List<Integer> fields = new ArrayList<>();
        for (int i = 4; i + 8 <= b.length && fields.size() < 4096; i++) {
            if (isTypeCode(b, i)) {
                fields.add(i - 4);  // ISO boxes, PNG chunks: the size precedes the type
                fields.add(i + 4);  // RIFF chunks: the size follows it
            }
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xF0) >= 0xC0 && (b[i + 1] & 0xFF) != 0xFF && (b[i + 1] & 0xFF) != 0xD8) {
                fields.add(i + 2);
            }
        }
        return fields;
    }

    private static boolean isTypeCode(byte[] b, int at) {
        for (int i = 0; i < 4; i++) {
            int c = b[at + i] & 0xFF;
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || (c >= '0' && c <= '9') || c == 0xA9;
            if (!letter || (i == 0 && c == ' ')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJpegLength(byte[] b, int at) {
        return at >= 2 && (b[at - 2] & 0xFF) == 0xFF && (b[at - 1] & 0xF0) >= 0xC0;
    }
}
