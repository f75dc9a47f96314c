package io.shoebox.metadata.media.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.riff.RiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.gif.GifReader;
import com.drew.metadata.webp.WebpDirectory;
import com.drew.metadata.webp.WebpRiffHandler;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.metadata.MediaTypes;
import io.shoebox.api.metadata.MetadataExtractor;

/**
 * Reads the date taken, camera, lens, place, size, orientation, duration and Live Photo identifier of
 * photos, raws, videos and XMP sidecars, with metadata-extractor for EXIF, XMP and the image formats and
 * readers of its own for the containers (QuickTime, MP4, HEIF, CR3, AVI, PNG).
 *
 * <p>The media type comes from the content; the file name is only a last source of the date. Each file
 * is read under {@link ReadLimits#METADATA}: a JPEG costs its header segments, a video its movie box.
 * Whatever goes wrong inside a file — truncation, corruption, a hostile length, a limit — becomes a
 * warning on the result, with the values that could still be read.
 */
@Component(service = MetadataExtractor.class)
@MediaTypes(types = {
    "image/jpeg", "image/heic", "image/heif", "image/avif", "image/png", "image/gif", "image/webp",
    "image/tiff", "image/x-adobe-dng", "image/x-canon-cr2", "image/x-canon-cr3", "image/x-nikon-nef",
    "image/x-sony-arw", "image/x-fuji-raf", "image/x-olympus-orf", "image/x-panasonic-rw2",
    "video/quicktime", "video/mp4", "video/x-m4v", "video/3gpp", "video/3gpp2", "video/x-msvideo",
    "application/rdf+xml", "application/x-apple-aae",
}, extensions = {
    "jpg", "jpeg", "jpe", "jfif",
    "heic", "heif", "hif", "avif",
    "png", "gif", "webp",
    // raws built on TIFF are read as TIFF (PEF, SRW, NRW, SRF and SR2 report image/tiff or the raw type
    // their directories name); CR3 and RAF have readers of their own
    "tif", "tiff", "dng", "cr2", "cr3", "nef", "nrw", "arw", "srf", "sr2", "raf", "orf", "rw2", "pef", "srw",
    "mov", "qt", "mp4", "m4v", "3gp", "3g2", "avi",
    "xmp", "aae",
})
public class MediaMetadataExtractor implements MetadataExtractor {


    private final ReadLimits limits;

    public MediaMetadataExtractor() {
        this(ReadLimits.METADATA);
    }

    MediaMetadataExtractor(ReadLimits limits) {
        this.limits = limits;
    }

    @Override
    public MediaMetadata extract(String fileName, InputStream content) throws IOException {
        ReadGuard guard = limits.start();
        GuardedInputStream in = new GuardedInputStream(content, guard);
        MetadataBuilder builder = new MetadataBuilder();
        MediaFormat format = MediaFormat.UNKNOWN;
        try {
            format = MediaFormat.sniff(in.peek(MediaFormat.SNIFF_LENGTH));
            format = read(format, in, builder);
        } catch (IOException e) {
            if (guard.isSourceFailure(e)) {
                throw e;
            }
            builder.warn(describe(e));
        } catch (ImageProcessingException | RuntimeException | StackOverflowError e) {
            builder.warn(describe(e));
        }
        guard.rethrowSourceFailure();
        if (guard.exceeded() != null) {
            builder.warn(guard.exceeded().getMessage());
        }
        if (format != MediaFormat.UNKNOWN && format != MediaFormat.AAE) {
            builder.takenAt(FileNameDates.parse(fileName), TakenAtOrigin.FILE_NAME);
        }
        return builder.build(format.mediaType());
    }

    /** Reads a file of a known format; returns the format, refined for raws that begin like TIFF. */
    private MediaFormat read(MediaFormat format, GuardedInputStream in, MetadataBuilder builder)
            throws IOException, ImageProcessingException {
        switch (format) {
            case JPEG -> readJpeg(new BufferedInputStream(in, 8192), builder, false);
            case RAF -> readRaf(in, builder);
            case PNG -> readPng(in, builder);
            case GIF -> readGif(in, builder);
            case WEBP -> readWebp(in, builder);
            case AVI -> readAvi(in, builder);
            case XMP -> readXmpSidecar(in, builder);
            case AAE, UNKNOWN -> {
                // a media type is all there is to say
            }
            default -> {
                if (format.isTiffBased()) {
                    return readTiff(format, in, builder);
                } else if (format.isIsoMedia()) {
                    readIsoMedia(format, in, builder);
                }
            }
        }
        return format;
    }

    /**
     * A JPEG's EXIF and XMP, from its header segments only.
     *
     * @param embedded whether the JPEG is a raw's preview, whose size is not the raw's
     */
    private static void readJpeg(InputStream in, MetadataBuilder builder, boolean embedded) throws IOException {
        JpegHeader header = JpegHeader.read(in, null);
        Metadata metadata = new Metadata();
        Exif.readJpegSegments(header.app1, metadata);
        for (byte[] app13 : header.app13) {
            IptcFacts.readJpegSegment(app13, metadata);
        }
        ExifFacts exif = new ExifFacts(metadata);
        exif.offerTo(builder);
        // A thermal camera's own record of the shot, in APP1 segments like EXIF: trusted after EXIF's dates.
        builder.takenAt(FlirFacts.dateTaken(header.app1), TakenAtOrigin.EXIF);
        if (embedded) {
            exif.offerExifSizeTo(builder);
        } else {
            builder.size(header.width, header.height);
        }
        exif.offerXmpTo(builder);
        exif.offerIptcTo(builder);
        exif.warnTo(builder);
        if (header.truncated) {
            builder.warn("the file ends before its image data");
        }
    }

    /** A Fujifilm raw: a header pointing to a JPEG whose EXIF describes the shot. */
    private static void readRaf(GuardedInputStream in, MetadataBuilder builder) throws IOException {
        byte[] header = in.readNBytes(92);
        if (header.length < 92) {
            builder.warn("the file ends inside its header");
            return;
        }
        long jpegOffset = new BoxData(header, 84, 88).u32();
        if (!in.skipTo(jpegOffset)) {
            builder.warn("the embedded JPEG is missing");
            return;
        }
        readJpeg(new BufferedInputStream(in, 8192), builder, true);
    }

    private static MediaFormat readTiff(MediaFormat format, GuardedInputStream in, MetadataBuilder builder)
            throws IOException {
        Metadata metadata = new Metadata();
        Exif.read(new StreamRandomAccessReader(in), metadata, 0);
        ExifFacts exif = new ExifFacts(metadata);
        exif.offerTo(builder);
        exif.offerTiffSizeTo(builder);
        exif.offerXmpTo(builder);
        exif.offerIptcTo(builder);
        exif.warnTo(builder);
        return format.refineTiff(exif.make(), exif.hasDngVersion(), exif.hasRawData());
    }

    private static void readPng(GuardedInputStream in, MetadataBuilder builder) throws IOException {
        PngReader png = PngReader.read(new BufferedInputStream(in, 8192));
        Metadata metadata = new Metadata();
        for (byte[] tiff : png.exif) {
            Exif.read(tiff, metadata);
        }
        for (byte[] xmp : png.xmp) {
            XmpFacts.read(xmp, metadata);
        }
        ExifFacts exif = new ExifFacts(metadata);
        exif.offerTo(builder);
        builder.size(png.width, png.height);
        exif.offerXmpTo(builder);
        exif.warnTo(builder);
        png.problems.forEach(builder::warn);
    }

    private static void readGif(GuardedInputStream in, MetadataBuilder builder) {
        Metadata metadata = new Metadata();
        new GifReader().extract(new BoundedSequentialReader(new BufferedInputStream(in, 8192)), metadata);
        for (GifHeaderDirectory header : metadata.getDirectoriesOfType(GifHeaderDirectory.class)) {
            builder.size(header.getInteger(GifHeaderDirectory.TAG_IMAGE_WIDTH), header.getInteger(GifHeaderDirectory.TAG_IMAGE_HEIGHT));
        }
        ExifFacts exif = new ExifFacts(metadata);
        exif.offerXmpTo(builder);
        exif.warnTo(builder);
    }

    private static void readWebp(GuardedInputStream in, MetadataBuilder builder)
            throws IOException, ImageProcessingException {
        Metadata metadata = new Metadata();
        new RiffReader().processRiff(new BoundedSequentialReader(new BufferedInputStream(in, 8192)), new WebpHandler(metadata));
        ExifFacts exif = new ExifFacts(metadata);
        exif.offerTo(builder);
        for (WebpDirectory webp : metadata.getDirectoriesOfType(WebpDirectory.class)) {
            builder.size(webp.getInteger(WebpDirectory.TAG_IMAGE_WIDTH), webp.getInteger(WebpDirectory.TAG_IMAGE_HEIGHT));
        }
        exif.offerXmpTo(builder);
        exif.warnTo(builder);
    }

    /** metadata-extractor's WebP handler, with EXIF and XMP read as everywhere else and ICC profiles left out. */
    private static final class WebpHandler extends WebpRiffHandler {
        private final Metadata metadata;

        WebpHandler(Metadata metadata) {
            super(metadata);
            this.metadata = metadata;
        }

        @Override
        public boolean shouldAcceptChunk(String fourCC) {
            return !fourCC.equals("ICCP") && super.shouldAcceptChunk(fourCC);
        }

        @Override
        public void processChunk(String fourCC, byte[] payload) {
            if (fourCC.equals("XMP ")) {
                XmpFacts.read(payload, metadata);
            } else if (fourCC.equals("EXIF")) {
                // Some writers copy the JPEG segment, preamble and all.
                boolean preamble = payload.length > 6 && payload[0] == 'E' && payload[1] == 'x' && payload[2] == 'i'
                        && payload[3] == 'f' && payload[4] == 0 && payload[5] == 0;
                Exif.read(new ByteArrayReader(payload), metadata, preamble ? 6 : 0);
            } else {
                super.processChunk(fourCC, payload);
            }
        }
    }

    private static void readAvi(GuardedInputStream in, MetadataBuilder builder) throws IOException {
        AviReader avi = AviReader.read(in);
        builder.takenAt(avi.date, TakenAtOrigin.QUICKTIME);
        builder.size(avi.width, avi.height);
        builder.durationMillis(avi.durationMillis);
    }

    private static void readXmpSidecar(GuardedInputStream in, MetadataBuilder builder) throws IOException {
        byte[] xmp = in.readNBytes(XmpFacts.MAX_PACKET + 1);
        Metadata metadata = new Metadata();
        XmpFacts.read(xmp, metadata);
        ExifFacts facts = new ExifFacts(metadata);
        facts.offerXmpTo(builder);
        facts.warnTo(builder);
    }

    /**
     * QuickTime, MP4 and HEIF files and CR3 raws. The date taken of a movie is the QuickTime key
     * {@code com.apple.quicktime.creationdate} (local time with offset, when recording began), else the
     * user data {@code ©day}, else the movie header's creation time, which is UTC and, on phones, when
     * recording ended.
     */
    private static void readIsoMedia(MediaFormat format, GuardedInputStream in, MetadataBuilder builder)
            throws IOException {
        IsoMedia media = IsoMediaReader.read(in, format.isHeif(), false);
        Metadata metadata = new Metadata();
        for (byte[] tiff : media.exif) {
            safely(builder, () -> Exif.read(tiff, metadata));
        }
        for (byte[] xmp : media.xmp) {
            safely(builder, () -> XmpFacts.read(xmp, metadata));
        }
        ExifFacts exif = new ExifFacts(metadata);
        builder.size(media.primaryWidth, media.primaryHeight);
        exif.offerTo(builder);
        if (format == MediaFormat.CR3) {
            exif.offerTiffSizeTo(builder);
        }
        builder.orientation(media.primaryOrientation);
        offerQuickTime(media, builder);
        exif.offerXmpTo(builder);
        exif.warnTo(builder);
        media.problems.forEach(builder::warn);
    }

    private static void offerQuickTime(IsoMedia media, MetadataBuilder builder) {
        Map<String, String> keys = media.keys;
        Map<String, String> userData = media.userData;
        builder.takenAt(Stamp.iso(keys.get("com.apple.quicktime.creationdate")), TakenAtOrigin.QUICKTIME);
        builder.takenAt(Stamp.iso(userData.get("\u00A9day")), TakenAtOrigin.QUICKTIME);
        builder.takenAt(Stamp.iso(userData.get("date")), TakenAtOrigin.QUICKTIME);
        builder.takenAt(Stamp.quickTime(media.creationTime), TakenAtOrigin.QUICKTIME);
        for (String location : new String[] {keys.get("com.apple.quicktime.location.ISO6709"), userData.get("\u00A9xyz")}) {
            double[] place = Iso6709.parse(location);
            if (place != null && !builder.hasPosition()) {
                builder.position(place[0], place[1]);
                if (place.length > 2) {
                    builder.altitude(place[2]);
                }
            }
        }
        if (media.location3gpp != null && !builder.hasPosition()) {
            builder.position(media.location3gpp[0], media.location3gpp[1]);
            builder.altitude(media.location3gpp[2]);
        }
        builder.make(keys.get("com.apple.quicktime.make"));
        builder.make(userData.get("\u00A9mak"));
        builder.model(keys.get("com.apple.quicktime.model"));
        builder.model(userData.get("\u00A9mod"));
        builder.lens(keys.get("com.apple.quicktime.camera.lens_model"));
        builder.contentIdentifier(keys.get("com.apple.quicktime.content.identifier"));
        if (media.videoWidth != null) {
            builder.size(media.videoWidth, media.videoHeight);
            builder.orientation(switch (media.videoRotation) {
                case 90 -> 6;
                case 180 -> 3;
                case 270 -> 8;
                default -> 1;
            });
        }
        if (media.timescale > 0 && media.duration > 0 && media.duration / media.timescale < 1_000_000_000L) {
            builder.durationMillis(media.duration / media.timescale * 1000 + media.duration % media.timescale * 1000 / media.timescale);
        }
    }

    /** Runs a metadata-extractor reader over bytes in memory; its failure spoils only its own part. */
    private static void safely(MetadataBuilder builder, Runnable read) {
        try {
            read.run();
        } catch (RuntimeException | StackOverflowError e) {
            builder.warn(describe(e));
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e instanceof ReadLimitException ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
