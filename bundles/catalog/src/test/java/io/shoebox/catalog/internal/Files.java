package io.shoebox.catalog.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.snapshot.SnapshotFile;

/** Snapshot files for tests, built fluently: {@code Files.photo("DCIM/IMG_1.JPG").taken("2024-05-01T10:00").file()}. */
final class Files {

    static final Instant MODIFIED = Instant.parse("2024-06-01T12:00:00Z");

    private String path;
    private long size = 1000;
    private Instant modified = MODIFIED;
    private String contentKey;
    private boolean thumbnail;
    private boolean media = true;
    private String mediaType;
    private LocalDateTime takenAt;
    private ZoneOffset offset;
    private String make;
    private String model;
    private String lens;
    private Double latitude;
    private Double longitude;
    private String contentIdentifier;
    private List<String> warnings = List.of();

    static Files photo(String path) {
        Files files = new Files();
        files.path = path;
        files.contentKey = "key-" + path;
        String lower = path.toLowerCase();
        files.mediaType = lower.endsWith(".mov") ? "video/quicktime" : lower.endsWith(".heic") ? "image/heic"
                : lower.endsWith(".xmp") || lower.endsWith(".aae") ? "application/xml" : "image/jpeg";
        return files;
    }

    static Files plain(String path) {
        Files files = photo(path);
        files.media = false;
        return files;
    }

    Files taken(String localDateTime) {
        takenAt = LocalDateTime.parse(localDateTime);
        return this;
    }

    Files offset(String id) {
        offset = ZoneOffset.of(id);
        return this;
    }

    Files camera(String make, String model) {
        this.make = make;
        this.model = model;
        return this;
    }

    Files lens(String lens) {
        this.lens = lens;
        return this;
    }

    Files at(double latitude, double longitude) {
        this.latitude = latitude;
        this.longitude = longitude;
        return this;
    }

    Files content(String key, long size) {
        this.contentKey = key;
        this.size = size;
        return this;
    }

    Files modified(Instant modified) {
        this.modified = modified;
        return this;
    }

    Files type(String mediaType) {
        this.mediaType = mediaType;
        return this;
    }

    Files thumbnail() {
        this.thumbnail = true;
        return this;
    }

    Files live(String contentIdentifier) {
        this.contentIdentifier = contentIdentifier;
        return this;
    }

    Files warning(String warning) {
        this.warnings = List.of(warning);
        return this;
    }

    SnapshotFile file() {
        MediaMetadata metadata = media ? new MediaMetadata(mediaType, takenAt, offset,
                takenAt == null ? null : TakenAtOrigin.EXIF, make, model, lens, latitude, longitude, null, 4032, 3024, 1,
                mediaType.startsWith("video/") ? 3000L : null, contentIdentifier, warnings) : null;
        return new SnapshotFile(path, size, modified, contentKey, metadata, thumbnail);
    }
}
