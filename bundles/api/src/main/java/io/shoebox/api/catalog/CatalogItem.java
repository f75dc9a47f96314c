package io.shoebox.api.catalog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One file of a source as the catalog knows it, with the metadata of its newest backed-up version.
 * Metadata fields are {@code null} when the file does not tell.
 *
 * @param id stable identifier of the source and path
 * @param source the source's name
 * @param path path relative to the source root, {@code /}-separated
 * @param size bytes of the newest version
 * @param modified modification time of the newest version
 * @param mediaType media type found from the content
 * @param takenAt local date and time taken
 * @param takenAtOffset its UTC offset, when known
 * @param takenAtOrigin where {@code takenAt} came from ({@code EXIF}, {@code QUICKTIME}, ...)
 * @param make camera maker
 * @param model camera model
 * @param lens lens model
 * @param latitude degrees north
 * @param longitude degrees east
 * @param altitude metres above sea level
 * @param width pixels
 * @param height pixels
 * @param durationMillis length of a video
 * @param sidecars paths of the sidecars ({@code .xmp}, {@code .aae}) that belong to this file
 * @param livePhotoPair path of the other half of a Live Photo (the video of a photo, or the photo of a video)
 * @param hasThumbnail whether a thumbnail was made for it
 * @param warnings problems met while reading its metadata
 * @param versions the backed-up versions, newest first
 */
public record CatalogItem(
        String id,
        String source,
        String path,
        long size,
        Instant modified,
        String mediaType,
        LocalDateTime takenAt,
        ZoneOffset takenAtOffset,
        String takenAtOrigin,
        String make,
        String model,
        String lens,
        Double latitude,
        Double longitude,
        Double altitude,
        Integer width,
        Integer height,
        Long durationMillis,
        List<String> sidecars,
        String livePhotoPair,
        boolean hasThumbnail,
        List<String> warnings,
        List<ItemVersion> versions) {

    public CatalogItem {
        sidecars = sidecars == null ? List.of() : List.copyOf(sidecars);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }
}
