package io.shoebox.metadata.media.internal;

import java.util.Arrays;

import io.shoebox.metadata.media.internal.BoxData.Box;

/**
 * Canon's CR3 raws: an ISO media file whose movie box holds a Canon box with the EXIF directories as
 * separate TIFF structures ({@code CMT1} the first directory, {@code CMT2} the Exif directory,
 * {@code CMT3} the maker notes, {@code CMT4} the GPS directory) and a small {@code THMB} JPEG; a
 * top-level Canon box holds the {@code PRVW} preview JPEG.
 */
final class CanonCr3 {

    /** The Canon box inside {@code moov}. */
    static final String METADATA_UUID = "85c0b687-820f-11e0-8111-f4ce462b6a48";
    /** The top-level Canon box holding the preview. */
    static final String PREVIEW_UUID = "eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16";

    private static final int EXIF_IFD_POINTER = 0x8769;
    private static final int GPS_IFD_POINTER = 0x8825;

    private CanonCr3() {
    }

    /** Reads the metadata box: the CMT structures as EXIF, and the thumbnail if asked. */
    static void readMetadata(byte[] payload, IsoMedia media, boolean previews) {
        for (Box box : new BoxData(payload).boxes()) {
            byte[] content = Arrays.copyOfRange(payload, box.start(), box.end());
            switch (box.type()) {
                case "CMT1" -> media.exif.add(content);
                case "CMT2" -> add(media, asPointedDirectory(content, EXIF_IFD_POINTER));
                case "CMT4" -> add(media, asPointedDirectory(content, GPS_IFD_POINTER));
                case "THMB" -> {
                    if (previews) {
                        add(media.previews, jpegWithin(content));
                    }
                }
                default -> {
                    // CNCV, CCTP, CTBO, CMT3: versions, track table, maker notes
                }
            }
        }
    }

    /** Reads the top-level preview box's {@code PRVW} JPEG. */
    static void readPreview(byte[] payload, IsoMedia media) {
        BoxData data = new BoxData(payload);
        data.skip(Math.min(8, data.remaining())); // unknown
        for (Box box : data.boxes()) {
            if (box.type().equals("PRVW")) {
                add(media.previews, jpegWithin(Arrays.copyOfRange(payload, box.start(), box.end())));
            }
        }
    }

    private static void add(IsoMedia media, byte[] tiff) {
        if (tiff != null) {
            media.exif.add(tiff);
        }
    }

    private static void add(java.util.List<byte[]> list, byte[] bytes) {
        if (bytes != null) {
            list.add(bytes);
        }
    }

    /** The JPEG in a THMB or PRVW box, after its small header of sizes. */
    private static byte[] jpegWithin(byte[] content) {
        for (int i = 0; i + 3 <= Math.min(content.length, 64); i++) {
            if ((content[i] & 0xFF) == 0xFF && (content[i + 1] & 0xFF) == 0xD8 && (content[i + 2] & 0xFF) == 0xFF) {
                return Arrays.copyOfRange(content, i, content.length);
            }
        }
        return null;
    }

    /**
     * A TIFF structure whose first directory is really an Exif or GPS directory, turned into one that
     * EXIF readers understand: a new first directory is appended at the end, holding only a pointer
     * ({@code pointerTag}) to the original one, and the header is made to point to it. Offsets inside
     * stay valid because nothing before them moves.
     */
    static byte[] asPointedDirectory(byte[] tiff, int pointerTag) {
        if (tiff.length < 8) {
            return null;
        }
        boolean little;
        if (tiff[0] == 'I' && tiff[1] == 'I') {
            little = true;
        } else if (tiff[0] == 'M' && tiff[1] == 'M') {
            little = false;
        } else {
            return null;
        }
        int at = tiff.length + (tiff.length & 1);
        byte[] out = Arrays.copyOf(tiff, at + 18);
        long original = read32(tiff, 4, little);
        write32(out, 4, at, little);
        write16(out, at, 1, little);              // one entry
        write16(out, at + 2, pointerTag, little);
        write16(out, at + 4, 4, little);          // LONG
        write32(out, at + 6, 1, little);          // count
        write32(out, at + 10, original, little);  // the original directory
        write32(out, at + 14, 0, little);         // no next directory
        return out;
    }

    private static long read32(byte[] b, int at, boolean little) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = little ? 8 * i : 8 * (3 - i);
            v |= (b[at + i] & 0xFFL) << shift;
        }
        return v;
    }

    private static void write16(byte[] b, int at, int value, boolean little) {
        b[at + (little ? 0 : 1)] = (byte) value;
        b[at + (little ? 1 : 0)] = (byte) (value >> 8);
    }

    private static void write32(byte[] b, int at, long value, boolean little) {
        for (int i = 0; i < 4; i++) {
            int shift = little ? 8 * i : 8 * (3 - i);
            b[at + i] = (byte) (value >> shift);
        }
    }
}
