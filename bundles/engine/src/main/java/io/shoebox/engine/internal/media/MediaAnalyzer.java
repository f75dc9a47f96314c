package io.shoebox.engine.internal.media;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.metadata.Thumbnailer;

/**
 * Reads what a photo or video says about itself, and its thumbnail, during a backup, with the
 * extractors and thumbnailers installed when the backup started ({@link MediaReaders}). A file is
 * examined when an extractor claims its extension, so libraries full of other small files pay
 * nothing, and a plugin that reads a new format is used without the engine knowing the format.
 */
public final class MediaAnalyzer {

    /** Longer edge of stored thumbnails, in pixels: enough for a grid on a high-density screen. */
    public static final int THUMBNAIL_EDGE = 320;

    /** An analysis: the metadata to keep in the node, and the thumbnail's JPEG bytes if one was made. */
    public record Analysis(MediaMetadata metadata, byte[] thumbnail) {
    }

    /** Opens a file's content anew for each reader. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private final MediaReaders readers;
    private final ZoneId zone;

    /**
     * @param readers the extractor per extension and thumbnailer per media type to use
     * @param zone the zone file times are read in when nothing better tells when a photo was taken
     */
    public MediaAnalyzer(MediaReaders readers, ZoneId zone) {
        this.readers = readers;
        this.zone = zone;
    }

    /** Whether an extractor claims a file of this name. */
    public boolean examines(String fileName) {
        return readers.extractorFor(fileName) != null;
    }

    /**
     * Analyzes one file. Problems of the file become warnings in the metadata; only a failure to
     * read the file itself is thrown.
     */
    public Analysis analyze(String fileName, Instant modified, Content content) throws IOException {
        MediaMetadata metadata;
        try (InputStream in = new BufferedInputStream(content.open(), 64 * 1024)) {
            metadata = readers.extractorFor(fileName).extract(fileName, in);
        } catch (RuntimeException e) {
            metadata = MediaMetadata.unknown("application/octet-stream",
                    List.of("metadata could not be read: " + e));
        }
        metadata = withFileTime(metadata, modified);
        byte[] thumbnail = null;
        Thumbnailer thumbnailer = readers.thumbnailerFor(metadata.mediaType());
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
