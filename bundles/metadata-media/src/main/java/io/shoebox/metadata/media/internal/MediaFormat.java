package io.shoebox.metadata.media.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The formats this bundle tells apart, by their content: a file's first bytes, never its name.
 *
 * <p>Raws built on TIFF (NEF, ARW, DNG) begin like any TIFF; {@link #sniff} calls them {@link #TIFF}
 * and the reader refines the answer from what the first directories say ({@link #refineTiff}).
 */
enum MediaFormat {

    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    WEBP("image/webp"),
    TIFF("image/tiff"),
    DNG("image/x-adobe-dng"),
    CR2("image/x-canon-cr2"),
    CR3("image/x-canon-cr3"),
    NEF("image/x-nikon-nef"),
    ARW("image/x-sony-arw"),
    ORF("image/x-olympus-orf"),
    RW2("image/x-panasonic-rw2"),
    RAF("image/x-fuji-raf"),
    HEIC("image/heic"),
    HEIF("image/heif"),
    AVIF("image/avif"),
    MOV("video/quicktime"),
    MP4("video/mp4"),
    M4V("video/x-m4v"),
    THREE_GPP("video/3gpp"),
    THREE_GPP2("video/3gpp2"),
    MP4_AUDIO("audio/mp4"),
    AVI("video/x-msvideo"),
    XMP("application/rdf+xml"),
    AAE("application/x-apple-aae"),
    UNKNOWN("application/octet-stream");

    /** How many bytes {@link #sniff} wants to see. */
    static final int SNIFF_LENGTH = 4096;

    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs");
    private static final Set<String> HEIF_BRANDS = Set.of("mif1", "msf1", "mif2", "miaf");
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis", "avio");
    private static final Set<String> M4V_BRANDS = Set.of("M4V ", "M4VH", "M4VP");
    private static final Set<String> MP4_AUDIO_BRANDS = Set.of("M4A ", "M4B ", "M4P ");
    /** Box types a QuickTime movie without a file type box may begin with. */
    private static final Set<String> QUICKTIME_FIRST_BOXES = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

    private final String mediaType;

    MediaFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** Formats whose metadata is a TIFF structure at the start of the file. */
    boolean isTiffBased() {
        return this == TIFF || this == DNG || this == CR2 || this == NEF || this == ARW || this == ORF || this == RW2;
    }

    /** Formats built from ISO base media file format boxes (QuickTime's atoms). */
    boolean isIsoMedia() {
        return this == HEIC || this == HEIF || this == AVIF || this == CR3 || this == MOV || this == MP4
                || this == M4V || this == THREE_GPP || this == THREE_GPP2 || this == MP4_AUDIO;
    }

    /** Formats whose HEIF items (rather than a movie box) hold the metadata. */
    boolean isHeif() {
        return this == HEIC || this == HEIF || this == AVIF;
    }

    /** The format of a file that begins with {@code head} (up to {@link #SNIFF_LENGTH} bytes). */
    static MediaFormat sniff(byte[] head) {
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (ascii(head, 0, 6).equals("GIF87a") || ascii(head, 0, 6).equals("GIF89a")) {
            return GIF;
        }
        if (ascii(head, 0, 4).equals("RIFF")) {
            return switch (ascii(head, 8, 4)) {
                case "WEBP" -> WEBP;
                case "AVI " -> AVI;
                default -> UNKNOWN;
            };
        }
        if (ascii(head, 0, 15).equals("FUJIFILMCCD-RAW")) {
            return RAF;
        }
        String tiff = ascii(head, 0, 4);
        if (tiff.equals("IIRO") || tiff.equals("IIRS") || tiff.equals("MMOR")) {
            return ORF;
        }
        if (startsWith(head, 0, 'I', 'I', 'U', 0)) {
            return RW2;
        }
        if (startsWith(head, 0, 'I', 'I', 0x2A, 0) || startsWith(head, 0, 'M', 'M', 0, 0x2A)) {
            return startsWith(head, 8, 'C', 'R', 2) ? CR2 : TIFF;
        }
        if (startsWith(head, 0, 'I', 'I', 0x2B, 0) || startsWith(head, 0, 'M', 'M', 0, 0x2B)) {
            return TIFF; // BigTIFF
        }
        if (ascii(head, 4, 4).equals("ftyp")) {
            return fromBrands(head);
        }
        if (head.length >= 8 && QUICKTIME_FIRST_BOXES.contains(ascii(head, 4, 4))) {
            return MOV;
        }
        return sniffText(head);
    }

    /** The format named by a file type box: its major brand, else the first compatible brand we know. */
    private static MediaFormat fromBrands(byte[] head) {
        long size = (head[0] & 0xFFL) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | head[3] & 0xFF;
        int end = (int) Math.min(Math.max(size, 8), head.length);
        MediaFormat major = fromBrand(ascii(head, 8, 4));
        if (major != null && major != MP4) {
            return major;
        }
        for (int at = 16; at + 4 <= end; at += 4) {
            MediaFormat compatible = fromBrand(ascii(head, at, 4));
            if (compatible != null && compatible != MP4) {
                return compatible;
            }
        }
        return MP4;
    }

    private static MediaFormat fromBrand(String brand) {
        if (brand.equals("qt  ")) {
            return MOV;
        } else if (brand.equals("crx ")) {
            return CR3;
        } else if (HEIC_BRANDS.contains(brand)) {
            return HEIC;
        } else if (AVIF_BRANDS.contains(brand)) {
            return AVIF;
        } else if (HEIF_BRANDS.contains(brand)) {
            return HEIF;
        } else if (M4V_BRANDS.contains(brand)) {
            return M4V;
        } else if (MP4_AUDIO_BRANDS.contains(brand)) {
            return MP4_AUDIO;
        } else if (brand.startsWith("3gp") || brand.startsWith("3gg") || brand.startsWith("3gs")) {
            return THREE_GPP;
        } else if (brand.startsWith("3g2")) {
            return THREE_GPP2;
        } else if (brand.startsWith("iso") || brand.startsWith("mp4") || brand.equals("avc1") || brand.equals("dash")) {
            return MP4;
        }
        return null;
    }

    /** XMP sidecars and Apple's AAE edit files, both XML. */
    private static MediaFormat sniffText(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int start = text.startsWith("\u00EF\u00BB\u00BF") ? 3 : 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (!text.startsWith("<", start)) {
            return UNKNOWN;
        }
        if (text.contains("<x:xmpmeta") || text.contains("<x:xapmeta") || text.contains("<?xpacket")
                || (text.contains("<rdf:RDF") && text.contains("ns.adobe.com"))) {
            return XMP;
        }
        if (text.contains("<plist") && text.contains("<key>adjustment")) {
            return AAE;
        }
        return UNKNOWN;
    }

    /**
     * The format of a TIFF-structured file, from what its directories say: a DNG version, or raw sensor
     * data (a colour filter array) from a camera whose maker names the raw format.
     *
     * @param make the camera maker, or {@code null}
     * @param hasDngVersion whether the first directory has a DNG version
     * @param hasRawData whether some directory holds colour filter array data
     */
    MediaFormat refineTiff(String make, boolean hasDngVersion, boolean hasRawData) {
        if (this != TIFF) {
            return this;
        }
        if (hasDngVersion) {
            return DNG;
        }
        if (!hasRawData || make == null) {
            return TIFF;
        }
        String maker = make.trim().toUpperCase(java.util.Locale.ROOT);
        if (maker.startsWith("NIKON")) {
            return NEF;
        } else if (maker.startsWith("SONY")) {
            return ARW;
        } else if (maker.startsWith("CANON")) {
            return CR2;
        }
        return TIFF;
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        if (bytes.length < offset + length) {
            return "";
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
