package io.shoebox.metadata.avchd.internal;

/**
 * What the NAL units at the head of H.264 access units say: the picture size of the sequence parameter
 * set, and the camera's MDPM user data in an SEI message. The units come in Annex B form, each after a
 * {@code 00 00 01} start code, with emulation prevention bytes ({@code 00 00 03}) that are removed before
 * parsing. An access unit is read up to its first slice: the picture data holds nothing for us.
 */
final class H264Headers {

    private static final int SLICE = 1;
    private static final int IDR_SLICE = 5;
    private static final int SEI = 6;
    private static final int SPS = 7;
    private static final int USER_DATA_UNREGISTERED = 5;

    /** The first picture size found, or {@code null}. */
    SequenceParameterSet size;
    /** The first MDPM found, or {@code null}. */
    Mdpm mdpm;

    /** Whether everything looked for has been found. */
    boolean complete() {
        return size != null && mdpm != null;
    }

    /** Reads the head of an access unit: the first {@code length} bytes of {@code es}. */
    void readAccessUnit(byte[] es, int length) {
        int end = Math.min(length, es.length);
        int start = nextUnit(es, 0, end);
        while (start >= 0 && start < end) {
            int next = nextUnit(es, start, end);
            int unitEnd = next < 0 ? end : next - 3;
            int header = es[start] & 0xFF;
            if ((header & 0x80) != 0) {
                return; // the forbidden bit: not H.264, or damaged
            }
            int type = header & 0x1F;
            if (type >= SLICE && type <= IDR_SLICE) {
                return;
            }
            if ((type == SPS && size == null) || (type == SEI && mdpm == null)) {
                byte[] rbsp = unescape(es, start + 1, unitEnd);
                if (type == SPS) {
                    size = SequenceParameterSet.parse(rbsp, 0, rbsp.length);
                } else {
                    readSei(rbsp);
                }
            }
            start = next;
        }
    }

    /** The position after the next {@code 00 00 01} at or after {@code from}, or -1. */
    private static int nextUnit(byte[] es, int from, int end) {
        for (int i = from; i + 2 < end; i++) {
            if ((es[i + 2] & 0xFF) > 1) {
                i += 2; // no start code can begin at i, i + 1 or i + 2
            } else if (es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** The unit's payload without its emulation prevention bytes (the 3 of each {@code 00 00 03}). */
    static byte[] unescape(byte[] es, int from, int to) {
        byte[] out = new byte[Math.max(0, to - from)];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < to; i++) {
            int b = es[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The messages of an SEI unit: a type and a size, each coded as a run of {@code 0xFF} bytes plus a
     * last byte, then the payload; the unit ends with its stop bit.
     */
    private void readSei(byte[] rbsp) {
        int at = 0;
        while (at < rbsp.length - 1 && mdpm == null) {
            int type = 0;
            int b;
            do {
                b = rbsp[at++] & 0xFF;
                type += b;
            } while (b == 0xFF && at < rbsp.length);
            int size = 0;
            do {
                if (at >= rbsp.length) {
                    return;
                }
                b = rbsp[at++] & 0xFF;
                size += b;
            } while (b == 0xFF);
            if (size > rbsp.length - at) {
                return;
            }
            if (type == USER_DATA_UNREGISTERED && Mdpm.isMdpm(rbsp, at, at + size)) {
                mdpm = Mdpm.decode(rbsp, at, at + size);
            }
            at += size;
        }
    }
}
