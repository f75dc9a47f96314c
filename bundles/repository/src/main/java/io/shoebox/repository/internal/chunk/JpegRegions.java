package io.shoebox.repository.internal.chunk;

/**
 * JPEG (ITU T.81 / JFIF / Exif): two regions. The first holds SOI and every marker segment up to
 * and including the first SOS segment header (APPn with Exif, XMP, ICC and thumbnails, DQT, DHT,
 * SOFn, ...); the second starts with the entropy-coded data of the first scan and runs to the end
 * of the file (further scans of a progressive JPEG, EOI, trailers and appended images). Editing
 * metadata changes segment lengths in the first region only, so the second stays byte-identical.
 */
final class JpegRegions extends RegionParser {

    /** Fill bytes (0xFF) tolerated before a marker; more is treated as malformed. */
    private static final int MAX_FILL = 32;

    static boolean matches(byte[] head, int length) {
        return length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF;
    }

    @Override
    protected void step(Window w) {
        long p = cursor;
        if (u8(w, p) != 0xFF) {
            done = true;
            return;
        }
        int fill = 0;
        int marker;
        while ((marker = u8(w, p + 1)) == 0xFF) {
            p++;
            if (++fill > MAX_FILL) {
                done = true;
                return;
            }
        }
        if (marker < 0 || marker == 0x00 || marker == 0xD9) { // end of data, stuffed byte, EOI before any scan
            done = true;
            return;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length field
            cursor = p + 2;
            return;
        }
        int length = u16(w, p + 2);
        if (length < 2) {
            done = true;
            return;
        }
        long segmentEnd = p + 2 + length;
        if (marker == 0xDA) { // SOS: the scan data that follows its header starts the image region
            pending = segmentEnd;
            pendingStartsMediaData = true;
            done = true;
            return;
        }
        cursor = segmentEnd;
    }
}
