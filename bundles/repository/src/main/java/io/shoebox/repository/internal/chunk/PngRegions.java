package io.shoebox.repository.internal.chunk;

/**
 * PNG: three regions. The signature and every chunk before the first IDAT (IHDR, PLTE, iCCP,
 * eXIf, tEXt, ...); the run of consecutive IDAT chunks (the image data); everything after it
 * (IEND, trailing text or eXIf chunks, APNG frames).
 */
final class PngRegions extends RegionParser {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final long IDAT = ('I' << 24) | ('D' << 16) | ('A' << 8) | 'T';

    private boolean inData;

    PngRegions() {
        cursor = SIGNATURE.length;
    }

    static boolean matches(byte[] head, int length) {
        if (length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void step(Window w) {
        long p = cursor;
        long length = u32(w, p);
        long type = u32(w, p + 4);
        if (length < 0 || length > Integer.MAX_VALUE || type < 0 || !letters(type)) {
            done = true;
            return;
        }
        boolean idat = type == IDAT;
        if (idat != inData) {
            pending = p; // first IDAT, or first chunk after the IDAT run
            if (inData) {
                done = true;
                return;
            }
            inData = true;
        }
        cursor = p + 12 + length;
    }

    private static boolean letters(long type) {
        for (int shift = 0; shift < 32; shift += 8) {
            int c = (int) (type >>> shift) & 0xff;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
