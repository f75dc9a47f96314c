package io.shoebox.metadata.media.internal;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import com.drew.lang.ByteArrayReader;

import io.shoebox.api.metadata.MediaTypes;
import io.shoebox.api.metadata.Thumbnailer;

/**
 * Makes JPEG thumbnails of photos and raws, preferring a preview the file carries to decoding it.
 *
 * <p>The previews looked for: a JPEG's EXIF thumbnail (IFD1), a raw's embedded JPEGs (CR2, NEF, ARW,
 * DNG, RW2, RAF, CR3), the EXIF thumbnail of a HEIF file. The smallest preview whose longer edge reaches
 * {@code maxEdge} is used; if none does, the largest is used when it reaches half of {@code maxEdge} (a
 * 160-pixel EXIF thumbnail serves a 256-pixel grid, as it is, without enlarging), otherwise the picture
 * itself is decoded when the JDK can (JPEG, PNG, GIF, TIFF) and is not larger than
 * {@link ImageDecoding#MAX_PIXELS}, else the largest preview serves. HEIF pictures (HEVC, AV1), WebP
 * and videos have no decoder here: they get a thumbnail only from an EXIF thumbnail. The result is
 * turned upright by the EXIF orientation, shrunk to fit {@code maxEdge} and encoded at quality 0.8.
 */
@Component(service = Thumbnailer.class)
@MediaTypes(types = {
    "image/jpeg", "image/png", "image/gif", "image/tiff",
    "image/x-adobe-dng", "image/x-canon-cr2", "image/x-canon-cr3", "image/x-nikon-nef", "image/x-sony-arw",
    "image/x-fuji-raf", "image/x-olympus-orf", "image/x-panasonic-rw2",
    // from their EXIF thumbnail only: the JDK decodes neither HEVC nor AV1
    "image/heic", "image/heif", "image/avif",
}, extensions = {
    "jpg", "jpeg", "jpe", "jfif", "png", "gif", "tif", "tiff",
    "dng", "cr2", "cr3", "nef", "nrw", "arw", "srf", "sr2", "raf", "orf", "rw2", "pef", "srw",
    "heic", "heif", "hif", "avif",
})
public class MediaThumbnailer implements Thumbnailer {

    /** The largest thumbnail edge asked for that is honoured; a thumbnail is not a full picture. */
    static final int MAX_EDGE = 4096;
    private static final float QUALITY = 0.8f;
    private static final double MIN_PREVIEW_FRACTION = 0.5;
    private static final int MAX_PREVIEW_BYTES = 32 << 20;
    /** Bytes of a preview read to learn its size before choosing. */
    private static final int PREVIEW_HEADER_BYTES = 128 << 10;
    /** The most memory one strip or tile of a TIFF may need to be decoded. */
    private static final long MAX_TIFF_BLOCK_BYTES = 64L << 20;

    private final ReadLimits limits;

    public MediaThumbnailer() {
        this(ReadLimits.THUMBNAIL);
    }

    MediaThumbnailer(ReadLimits limits) {
        this.limits = limits;
    }

    /** An embedded JPEG preview and its size. */
    private record Preview(byte[] jpeg, int width, int height) {
        int longEdge() {
            return Math.max(width, height);
        }
    }

    /** What a file offers: previews, the orientation, and perhaps a way to decode the picture itself. */
    private static final class Offer {
        final List<Preview> previews = new ArrayList<>();
        int orientation = 1;
        /** Decodes the picture itself, or {@code null} when it cannot be decoded here. */
        Decoder decoder;
    }

    @FunctionalInterface
    private interface Decoder {
        BufferedImage decode(int maxEdge) throws IOException;
    }

    @Override
    public byte[] thumbnail(String mediaType, InputStream content, int maxEdge) throws IOException {
        if (maxEdge < 1 || maxEdge > MAX_EDGE) {
            throw new IllegalArgumentException("maxEdge must be 1 to " + MAX_EDGE + ": " + maxEdge);
        }
        ReadGuard guard = limits.start();
        GuardedInputStream in = new GuardedInputStream(content, guard);
        byte[] thumbnail;
        try {
            MediaFormat format = MediaFormat.sniff(in.peek(MediaFormat.SNIFF_LENGTH));
            Offer offer = offer(format, in, guard);
            thumbnail = offer == null ? null : make(offer, maxEdge, guard);
        } catch (IOException e) {
            if (guard.isSourceFailure(e)) {
                throw e;
            }
            thumbnail = null;
        } catch (RuntimeException | StackOverflowError e) {
            thumbnail = null;
        }
        guard.rethrowSourceFailure();
        return thumbnail;
    }

    private static Offer offer(MediaFormat format, GuardedInputStream in, ReadGuard guard)
            throws IOException {
        if (format == MediaFormat.JPEG) {
            return jpeg(new BufferedInputStream(in, 8192), guard);
        } else if (format == MediaFormat.RAF) {
            return raf(in, guard);
        } else if (format.isTiffBased()) {
            return tiff(format, in, guard);
        } else if (format == MediaFormat.CR3 || format.isHeif()) {
            return isoMedia(format, in);
        } else if (format == MediaFormat.PNG || format == MediaFormat.GIF) {
            Offer offer = new Offer();
            String name = format == MediaFormat.PNG ? "png" : "gif";
            offer.decoder = edge -> ImageDecoding.decode(in, name, edge, guard);
            return offer;
        }
        return null; // WebP, videos, sidecars: nothing to decode here
    }

    /** A JPEG: its EXIF thumbnail, and the JPEG itself, replayed from its first byte. */
    private static Offer jpeg(InputStream in, ReadGuard guard) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        JpegHeader jpeg = JpegHeader.read(in, header);
        Offer offer = new Offer();
        byte[] exif = jpeg.exifTiff();
        if (exif != null) {
            TiffPreviews tiff = TiffPreviews.read(new ByteArrayReader(exif));
            offer.orientation = tiff.orientation;
            addPreviews(offer, tiff);
        }
        if (jpeg.isDecodable() && (long) jpeg.width * jpeg.height <= ImageDecoding.MAX_PIXELS) {
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), in);
            offer.decoder = edge -> ImageDecoding.decode(whole, "jpeg", edge, guard);
        }
        return offer;
    }

    /** A Fujifilm raw: the JPEG its header points to, taken as a JPEG file of its own. */
    private static Offer raf(GuardedInputStream in, ReadGuard guard) throws IOException {
        byte[] header = in.readNBytes(92);
        if (header.length < 92) {
            return null;
        }
        long offset = new BoxData(header, 84, 88).u32();
        long length = new BoxData(header, 88, 92).u32();
        if (length > MAX_PREVIEW_BYTES || !in.skipTo(offset)) {
            return null;
        }
        byte[] embedded = in.readNBytes((int) length);
        Offer offer = jpeg(new ByteArrayInputStream(embedded), guard);
        JpegHeader main = JpegHeader.of(embedded);
        if (main.isDecodable()) {
            offer.previews.add(new Preview(embedded, main.width, main.height));
        }
        offer.decoder = null; // the embedded JPEG is itself among the previews
        return offer;
    }

    /** TIFF and the raws built on it: their embedded JPEGs; a plain TIFF can also be decoded. */
    private static Offer tiff(MediaFormat format, GuardedInputStream in, ReadGuard guard) throws IOException {
        StreamRandomAccessReader reader = new StreamRandomAccessReader(in);
        TiffPreviews tiff = TiffPreviews.read(reader);
        Offer offer = new Offer();
        offer.orientation = tiff.orientation;
        addPreviews(offer, tiff);
        boolean raw = format != MediaFormat.TIFF || tiff.dng || tiff.rawData;
        if (!raw && tiff.width * tiff.height <= ImageDecoding.MAX_PIXELS
                && tiff.largestBlockBytes() <= MAX_TIFF_BLOCK_BYTES) {
            offer.decoder = edge -> ImageDecoding.decode(reader.replay(), "tiff", edge, guard);
        }
        return offer;
    }

    /** HEIF pictures and CR3 raws: EXIF thumbnails, and CR3's THMB and PRVW JPEGs. */
    private static Offer isoMedia(MediaFormat format, GuardedInputStream in) throws IOException {
        IsoMedia media = IsoMediaReader.read(in, format.isHeif(), true);
        Offer offer = new Offer();
        boolean oriented = false;
        for (byte[] exif : media.exif) {
            TiffPreviews tiff = TiffPreviews.read(new ByteArrayReader(exif));
            addPreviews(offer, tiff);
            if (!oriented && tiff.orientation != 1) {
                offer.orientation = tiff.orientation;
                oriented = true;
            }
        }
        if (!oriented && media.primaryOrientation != null) {
            offer.orientation = media.primaryOrientation;
        }
        for (byte[] jpeg : media.previews) {
            JpegHeader header = JpegHeader.of(jpeg);
            if (header.isDecodable()) {
                offer.previews.add(new Preview(jpeg, header.width, header.height));
            }
        }
        return offer;
    }

    /**
     * Adds the decodable JPEGs a TIFF structure points to. Only the first bytes of each are read to learn
     * its size; the one chosen is read in full later.
     */
    private static void addPreviews(Offer offer, TiffPreviews tiff) throws IOException {
        for (TiffPreviews.Range range : tiff.jpegs) {
            if (range.length() > MAX_PREVIEW_BYTES) {
                continue;
            }
            byte[] start = tiff.bytes(range, PREVIEW_HEADER_BYTES);
            if (start == null) {
                continue;
            }
            JpegHeader header = JpegHeader.of(start);
            if (header.isDecodable() && (long) header.width * header.height <= ImageDecoding.MAX_PIXELS) {
                byte[] whole = range.length() <= start.length ? start : tiff.bytes(range, MAX_PREVIEW_BYTES);
                if (whole != null) {
                    offer.previews.add(new Preview(whole, header.width, header.height));
                }
            }
        }
    }

    /** Chooses between the previews and the picture itself, then shrinks, turns and encodes. */
    private static byte[] make(Offer offer, int maxEdge, ReadGuard guard) throws IOException {
        List<Preview> previews = new ArrayList<>(offer.previews);
        previews.sort(Comparator.comparingInt(Preview::longEdge));
        Preview chosen = null;
        for (Preview preview : previews) {
            if (preview.longEdge() >= maxEdge) {
                chosen = preview;
                break;
            }
        }
        Preview largest = previews.isEmpty() ? null : previews.get(previews.size() - 1);
        if (chosen == null && largest != null && (largest.longEdge() >= maxEdge * MIN_PREVIEW_FRACTION || offer.decoder == null)) {
            chosen = largest;
        }
        BufferedImage image = null;
        if (chosen != null) {
            image = decodeQuietly(new ByteArrayInputStream(chosen.jpeg()), maxEdge, guard);
        }
        if (image == null && offer.decoder != null) {
            try {
                image = offer.decoder.decode(maxEdge);
            } catch (IOException e) {
                if (guard.isSourceFailure(e)) {
                    throw e;
                }
                // undecodable (a CMYK JPEG, a broken file): a preview may still serve
            }
        }
        if (image == null && largest != null && largest != chosen) {
            image = decodeQuietly(new ByteArrayInputStream(largest.jpeg()), maxEdge, guard);
        }
        if (image == null) {
            return null;
        }
        return Pixels.of(image).fit(maxEdge).orient(offer.orientation).jpeg(QUALITY);
    }

    /** Decodes an embedded preview; a broken one is no reason to give up on the others. */
    private static BufferedImage decodeQuietly(InputStream jpeg, int maxEdge, ReadGuard guard) {
        try {
            return ImageDecoding.decode(jpeg, "jpeg", maxEdge, guard);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
