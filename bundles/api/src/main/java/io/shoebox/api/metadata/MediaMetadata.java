package io.shoebox.api.metadata;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What was learnt about one media file. Every field but {@code mediaType} and {@code warnings}
 * may be {@code null} when the file does not tell.
 *
 * @param mediaType the type found from the content, {@code application/octet-stream} if unknown
 * @param takenAt local date and time the photo or video was taken
 * @param takenAtOffset UTC offset of {@code takenAt}, when known
 * @param takenAtOrigin where {@code takenAt} came from
 * @param make camera maker
 * @param model camera model
 * @param lens lens model
 * @param latitude degrees north
 * @param longitude degrees east
 * @param altitude metres above sea level
 * @param width pixels, after nothing is rotated
 * @param height pixels
 * @param orientation EXIF orientation 1 to 8
 * @param durationMillis length of a video
 * @param contentIdentifier the camera's identifier shared by the photo and the video of a Live Photo
 *     (Apple's content identifier), when present
 * @param warnings problems met while reading; the values above are what could still be read
 */
public record MediaMetadata(
        String mediaType,
        LocalDateTime takenAt,
        ZoneOffset takenAtOffset,
        TakenAtOrigin takenAtOrigin,
        String make,
        String model,
        String lens,
        Double latitude,
        Double longitude,
        Double altitude,
        Integer width,
        Integer height,
        Integer orientation,
        Long durationMillis,
        String contentIdentifier,
        List<String> warnings) {

    /**
     * Where a date taken was found, from most to least trustworthy. {@code IPTC} is the IPTC-IIM
     * {@code DateCreated} and {@code TimeCreated} (as news and press tools such as Photo Mechanic write
     * them); IPTC Core's XMP properties count as {@code XMP}.
     */
    public enum TakenAtOrigin {
        EXIF, QUICKTIME, GPS, XMP, IPTC, FILE_NAME, FILE_TIME
    }

    public MediaMetadata {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Nothing known but the media type, with the problems that prevented more. */
    public static MediaMetadata unknown(String mediaType, List<String> warnings) {
        return new MediaMetadata(mediaType, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, warnings);
    }
}
