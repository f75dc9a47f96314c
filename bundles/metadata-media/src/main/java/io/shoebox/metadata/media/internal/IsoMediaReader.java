package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the boxes of an ISO base media file (QuickTime and MP4 movies, HEIF pictures, Canon CR3 raws)
 * from a stream, front to back, holding in memory only the boxes that carry metadata.
 *
 * <p>Media data is skipped, whatever its size (64-bit box sizes included): a movie whose {@code moov}
 * box follows gigabytes of {@code mdat} costs a few seeks. Only the movie box's structure is walked
 * (movie header, tracks' headers and handlers, user data, metadata, Canon's box); sample tables are
 * skipped. A HEIF file's items are read after its {@code meta} box, at their offsets; the media data of
 * a HEIF file that comes before its {@code meta} box (as Samsung phones write) is held until the
 * {@code meta} box says what in it is wanted.
 */
final class IsoMediaReader {

    /** Boxes that are small by nature (file type, headers). */
    private static final int SMALL = 64 << 10;
    /** Metadata boxes and items (meta, udta, XMP, Exif, previews). */
    private static final int LARGE = 16 << 20;
    /** HEIF media data held in case the meta box that follows points into it. */
    private static final long HEIF_MEDIA_HELD = 48L << 20;
    /** More boxes than this in one file are not a real file (and would only spend the time limit). */
    private static final int MAX_BOXES = 100_000;
    /** XMP packets in a {@code uuid} box carry this user type. */
    private static final String XMP_UUID = "be7acfcb-97a9-42e8-9c71-999491e3afac";

    private final GuardedInputStream in;
    private final boolean heif;
    private final boolean previews;
    private final IsoMedia media = new IsoMedia();

    /** Boxes held in memory with their offsets in the file, where HEIF item data may be found. */
    private final List<Region> held = new ArrayList<>();
    private HeifMeta heifMeta;
    private int boxes;

    private record Region(long offset, byte[] bytes) {
    }

    /** A box header read from the stream. {@code end} is -1 for a box that runs to the end of the file. */
    private record Header(String type, String userType, long payloadStart, long end) {
        long payloadLength() {
            return end < 0 ? -1 : end - payloadStart;
        }
    }

    /** One track's headers, kept until the track is done. */
    private static final class Track {
        String handler;
        Integer width;
        Integer height;
        int rotation;
    }

    private IsoMediaReader(GuardedInputStream in, boolean heif, boolean previews) {
        this.in = in;
        this.heif = heif;
        this.previews = previews;
    }

    /**
     * Reads a file from its first byte.
     *
     * @param heif whether the file is a HEIF picture, whose top-level {@code meta} box lists items
     * @param previews whether to keep embedded JPEG previews (CR3)
     */
    static IsoMedia read(GuardedInputStream in, boolean heif, boolean previews) throws IOException {
        IsoMediaReader reader = new IsoMediaReader(in, heif, previews);
        reader.walkTopLevel();
        if (reader.heifMeta != null) {
            reader.readHeifItems();
        }
        return reader.media;
    }

    private void walkTopLevel() throws IOException {
        Header h;
        while ((h = header(-1)) != null) {
            switch (h.type()) {
                case "moov" -> walkMovie(h.end());
                case "meta" -> {
                    byte[] payload = payload(h, LARGE);
                    if (payload != null && heif) {
                        held.add(new Region(h.payloadStart(), payload));
                        heifMeta = HeifMeta.parse(payload, media);
                        return; // what else we want are the items it lists
                    } else if (payload != null) {
                        QuickTimeMeta.readMeta(payload, media);
                    }
                }
                case "mdat" -> {
                    if (heif && h.payloadLength() >= 0 && h.payloadLength() <= HEIF_MEDIA_HELD) {
                        byte[] payload = in.readNBytes((int) h.payloadLength());
                        held.add(new Region(h.payloadStart(), payload));
                    }
                }
                case "uuid" -> readUuid(h);
                default -> {
                    // ftyp, free, skip, wide, ...
                }
            }
            if (h.end() < 0 || !in.skipTo(h.end())) {
                return;
            }
        }
    }

    private void walkMovie(long end) throws IOException {
        Header h;
        while ((h = header(end)) != null) {
            switch (h.type()) {
                case "mvhd" -> readMovieHeader(payload(h, SMALL));
                case "trak" -> walkTrack(h.end());
                case "udta" -> {
                    byte[] payload = payload(h, LARGE);
                    if (payload != null) {
                        QuickTimeMeta.readUserData(payload, media);
                    }
                }
                case "meta" -> {
                    byte[] payload = payload(h, LARGE);
                    if (payload != null) {
                        QuickTimeMeta.readMeta(payload, media);
                    }
                }
                case "uuid" -> {
                    if (CanonCr3.METADATA_UUID.equals(h.userType())) {
                        byte[] payload = payload(h, LARGE);
                        if (payload != null) {
                            parseSafely("Canon metadata box", () -> CanonCr3.readMetadata(payload, media, previews));
                        }
                    }
                }
                default -> {
                    // iods, mvex, ...
                }
            }
            if (!in.skipTo(h.end())) {
                return;
            }
        }
    }

    private void walkTrack(long end) throws IOException {
        Track track = new Track();
        Header h;
        while ((h = header(end)) != null) {
            if (h.type().equals("tkhd")) {
                readTrackHeader(payload(h, SMALL), track);
            } else if (h.type().equals("mdia")) {
                Header m;
                while ((m = header(h.end())) != null) {
                    if (m.type().equals("hdlr")) {
                        byte[] hdlr = payload(m, SMALL);
                        if (hdlr != null && hdlr.length >= 12) {
                            track.handler = new String(hdlr, 8, 4, StandardCharsets.ISO_8859_1);
                        }
                    }
                    if (!in.skipTo(m.end())) {
                        break;
                    }
                }
            }
            if (!in.skipTo(h.end())) {
                break;
            }
        }
        boolean video = "vide".equals(track.handler) || (track.handler == null && track.width != null);
        if (video && media.videoWidth == null && track.width != null) {
            media.videoWidth = track.width;
            media.videoHeight = track.height;
            media.videoRotation = track.rotation;
        }
    }

    private void readUuid(Header h) throws IOException {
        if (XMP_UUID.equals(h.userType())) {
            byte[] payload = payload(h, LARGE);
            if (payload != null) {
                media.xmp.add(payload);
            }
        } else if (previews && CanonCr3.PREVIEW_UUID.equals(h.userType())) {
            byte[] payload = payload(h, LARGE);
            if (payload != null) {
                parseSafely("Canon preview box", () -> CanonCr3.readPreview(payload, media));
            }
        }
    }

    private void readMovieHeader(byte[] mvhd) {
        if (mvhd == null) {
            return;
        }
        parseSafely("movie header", () -> {
            BoxData d = new BoxData(mvhd);
            int version = d.u8();
            d.skip(3);
            if (version == 1) {
                media.creationTime = d.u64();
                d.u64();
                media.timescale = d.u32();
                media.duration = d.u64();
            } else {
                media.creationTime = d.u32();
                d.u32();
                media.timescale = d.u32();
                media.duration = d.u32();
            }
        });
    }

    private void readTrackHeader(byte[] tkhd, Track track) {
        if (tkhd == null) {
            return;
        }
        parseSafely("track header", () -> {
            BoxData d = new BoxData(tkhd);
            int version = d.u8();
            d.skip(3);
            d.skip(version == 1 ? 32 : 20); // times, track ID, reserved, duration
            d.skip(16); // reserved, layer, alternate group, volume, reserved
            int a = d.s32();
            int b = d.s32();
            d.skip(28); // the rest of the matrix
            long w = d.u32() >>> 16;
            long h = d.u32() >>> 16;
            if (w > 0 && h > 0) {
                track.width = (int) w;
                track.height = (int) h;
            }
            // The matrix turns the picture by atan2(b, a); QuickTime's y axis points down, so this is clockwise.
            long degrees = Math.round(Math.toDegrees(Math.atan2(b, a)));
            track.rotation = (int) (((degrees % 360) + 360) % 360 / 90 * 90);
        });
    }

    /** Reads the wanted HEIF items, in file order, from held boxes, the {@code idat} box or further on in the stream. */
    private void readHeifItems() throws IOException {
        for (HeifMeta.Item item : heifMeta.wantedItems()) {
            byte[] data = itemData(item);
            if (data == null) {
                continue;
            }
            if (item.type().equals("Exif")) {
                byte[] tiff = exifTiff(data);
                if (tiff != null) {
                    media.exif.add(tiff);
                }
            } else {
                media.xmp.add(data);
            }
        }
    }

    private byte[] itemData(HeifMeta.Item item) throws IOException {
        int method = heifMeta.constructionMethod(item);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (HeifMeta.Extent extent : heifMeta.extents(item)) {
            byte[] part = switch (method) {
                case 0 -> fileData(extent);
                case 1 -> heifMeta.idat(extent);
                default -> null;
            };
            if (part == null || data.size() + (long) part.length > LARGE) {
                media.problem("HEIF " + item.type() + " item " + item.id() + ": its data could not be read");
                return null;
            }
            data.write(part);
        }
        return data.size() == 0 ? null : data.toByteArray();
    }

    private byte[] fileData(HeifMeta.Extent extent) throws IOException {
        long length = extent.length() == 0 ? LARGE : extent.length();
        if (extent.offset() < 0 || length > LARGE) {
            return null;
        }
        for (Region region : held) {
            long from = extent.offset() - region.offset();
            if (from >= 0 && from < region.bytes().length
                    && (extent.length() == 0 || from + length <= region.bytes().length)) {
                int to = (int) Math.min(region.bytes().length, from + length);
                return java.util.Arrays.copyOfRange(region.bytes(), (int) from, to);
            }
        }
        if (extent.offset() < in.position() || !in.skipTo(extent.offset())) {
            return null;
        }
        byte[] bytes = in.readNBytes((int) length);
        return extent.length() == 0 || bytes.length == length ? bytes : null;
    }

    /** The TIFF structure in an Exif item, after its 4-byte offset to the TIFF header. */
    private static byte[] exifTiff(byte[] data) {
        if (data.length >= 4) {
            long skip = 4 + ((data[0] & 0xFFL) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF);
            if (skip + 8 <= data.length && isTiffHeader(data, (int) skip)) {
                return java.util.Arrays.copyOfRange(data, (int) skip, data.length);
            }
        }
        for (int i = 0; i + 8 <= Math.min(data.length, 64); i++) { // writers that got the offset wrong
            if (isTiffHeader(data, i)) {
                return java.util.Arrays.copyOfRange(data, i, data.length);
            }
        }
        return null;
    }

    private static boolean isTiffHeader(byte[] b, int at) {
        return (b[at] == 'I' && b[at + 1] == 'I' && b[at + 2] == 0x2A && b[at + 3] == 0)
                || (b[at] == 'M' && b[at + 1] == 'M' && b[at + 2] == 0 && b[at + 3] == 0x2A);
    }

    /**
     * Reads the next box header before {@code end} (-1: the end of the file), or returns {@code null}
     * at the end or at a header that cannot be a box. A box claiming more than its container is cut
     * at the container's end.
     */
    private Header header(long end) throws IOException {
        long start = in.position();
        if (end >= 0 && start + 8 > end) {
            return null;
        }
        if (++boxes > MAX_BOXES) {
            media.problem("more than " + MAX_BOXES + " boxes; the rest is not read");
            return null;
        }
        byte[] head = in.readNBytes(8);
        if (head.length < 8) {
            return null;
        }
        long size = (head[0] & 0xFFL) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | head[3] & 0xFF;
        String type = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
        if (size == 1) {
            byte[] large = in.readNBytes(8);
            if (large.length < 8) {
                return null;
            }
            size = new BoxData(large).u32() << 32 | new BoxData(large, 4, 8).u32();
            if (size < 16) {
                media.problem("box " + printable(type) + " at " + start + " has a bad size");
                return null;
            }
        } else if (size == 0) {
            size = -1; // to the end of the container or file
        } else if (size < 8) {
            media.problem("box " + printable(type) + " at " + start + " has a bad size");
            return null;
        }
        String userType = null;
        if (type.equals("uuid")) {
            byte[] uuid = in.readNBytes(16);
            if (uuid.length < 16) {
                return null;
            }
            userType = BoxData.uuid(uuid);
        }
        long boxEnd = size < 0 ? end : start + size;
        if (end >= 0 && (boxEnd < 0 || boxEnd > end)) {
            boxEnd = end;
        }
        if (boxEnd >= 0 && boxEnd < in.position()) {
            return null;
        }
        return new Header(type, userType, in.position(), boxEnd);
    }

    /** The payload of a box, or {@code null} (reported) when it is larger than {@code cap}. */
    private byte[] payload(Header h, int cap) throws IOException {
        long length = h.payloadLength();
        if (length > cap) {
            media.problem("box " + printable(h.type()) + " is too large to read (" + length + " bytes)");
            return null;
        }
        return in.readNBytes(length < 0 ? cap : (int) length);
    }

    private void parseSafely(String what, Runnable parse) {
        try {
            parse.run();
        } catch (BoxData.Malformed e) {
            media.problem(what + ": " + e.getMessage());
        }
    }

    private static String printable(String type) {
        return type.replaceAll("[^\\x20-\\x7E\\u00A9]", "?");
    }
}
