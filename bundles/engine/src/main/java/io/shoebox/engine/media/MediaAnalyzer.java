package io.shoebox.engine.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.metadata.MetadataExtractor;
import io.shoebox.api.metadata.Thumbnailer;

/**
 * Reads what a photo or video says about itself, and its thumbnail, during a backup, with the
 * extractor and thumbnailer installed when the backup started (either may be missing). Only files
 * whose name suggests a photo, a video or a sidecar are examined, so libraries full of other small
 * files pay nothing.
 */
public final class MediaAnalyzer {

    /** Longer edge of stored thumbnails, in pixels: enough for a grid on a high-density screen. */
    public static final int THUMBNAIL_EDGE = 320;

    private static final Set<String> EXAMINED = Set.of("jpg", "jpeg", "jpe", "heic", "heif", "hif", "avif", "png",
            "gif", "webp", "tif", "tiff", "bmp", "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "raf",
            "orf", "rw2", "pef", "srw", "x3f", "mov", "qt", "mp4", "m4v", "3gp", "3g2", "avi", "mts", "m2ts", "xmp",
            "aae");

    /** An analysis: the metadata to keep in the node, and the thumbnail's JPEG bytes if one was made. */
    public record Analysis(MediaMetadata metadata, byte[] thumbnail) {
    }

    /** Opens a file's content anew for each reader. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private final MetadataExtractor extractor;
    private final Thumbnailer thumbnailer;
    private final ZoneId zone;

    /**
     * @param extractor the metadata extractor, or {@code null} when none is installed
     * @param thumbnailer the thumbnailer, or {@code null} when none is installed
     * @param zone the zone file times are read in when nothing better tells when a photo was taken
     */
    public MediaAnalyzer(MetadataExtractor extractor, Thumbnailer thumbnailer, ZoneId zone) {
        this.extractor = extractor;
        this.thumbnailer = thumbnailer;
        this.zone = zone;
    }

    /** Whether there is anything to analyze with, and a file of this name is worth it. */
    public boolean examines(String fileName) {
        if (extractor == null) {
            return false;
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && EXAMINED.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Analyzes one file. Problems of the file become warnings in the metadata; only a failure to
     * read the file itself is thrown.
     */
    public Analysis analyze(String fileName, Instant modified, Content content) throws IOException {
        MediaMetadata metadata;
        try (InputStream in = new BufferedInputStream(content.open(), 64 * 1024)) {
            metadata = extractor.extract(fileName, in);
        } catch (RuntimeException e) {
            metadata = MediaMetadata.unknown("application/octet-stream",
                    List.of("metadata could not be read: " + e));
        }
        metadata = withFileTime(metadata, modified);
        byte[] thumbnail = null;
        if (thumbnailer != null && isPicture(metadata.mediaType())) {
            try (InputStream in = new BufferedInputStream(content.open(), 64 * 1024)) {
                thumbnail = thumbnailer.thumbnail(metadata.mediaType(), in, THUMBNAIL_EDGE);
            } catch (RuntimeException e) {
                metadata = withWarning(metadata, "no thumbnail could be made: " + e);
            }
        }
        return new Analysis(metadata, thumbnail);
    }

    private static boolean isPicture(String mediaType) {
        return mediaType != null && (mediaType.startsWith("image/") || mediaType.startsWith("video/"));
    }

    /** The file's modification time, as the last resort for when a photo or video was taken. */
    private MediaMetadata withFileTime(MediaMetadata m, Instant modified) {
        if (m.takenAt() != null || modified == null || !isPicture(m.mediaType())) {
            return m;
        }
        var offset = zone.getRules().getOffset(modified);
        return new MediaMetadata(m.mediaType(), LocalDateTime.ofInstant(modified, offset), offset,
                TakenAtOrigin.FILE_TIME, m.make(), m.model(), m.lens(), m.latitude(), m.longitude(), m.altitude(),
                m.width(), m.height(), m.orientation(), m.durationMillis(), m.contentIdentifier(), m.warnings());
    }

    private static MediaMetadata withWarning(MediaMetadata m, String warning) {
        List<String> warnings = new ArrayList<>(m.warnings());
        warnings.add(warning);
        return new MediaMetadata(m.mediaType(), m.takenAt(), m.takenAtOffset(), m.takenAtOrigin(), m.make(), m.model(),
                m.lens(), m.latitude(), m.longitude(), m.altitude(), m.width(), m.height(), m.orientation(),
                m.durationMillis(), m.contentIdentifier(), warnings);
    }
}
