package io.shoebox.metadata.media.internal;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/**
 * Collects what the parts of one file say. Readers offer values from the most to the least trustworthy
 * source and the first offer of each value is kept, with one exception: the date taken keeps the offer
 * from the best {@link TakenAtOrigin}, whatever the order (EXIF over QuickTime over GPS over XMP over the
 * file name). Values that cannot be true (a latitude of 200, an orientation of 9) are refused.
 */
final class MetadataBuilder {

    private static final int MAX_WARNINGS = 20;
    private static final int MAX_WARNING_LENGTH = 300;

    private Stamp takenAt;
    private TakenAtOrigin takenAtOrigin;
    private String make;
    private String model;
    private String lens;
    private Double latitude;
    private Double longitude;
    private Double altitude;
    private Integer width;
    private Integer height;
    private Integer orientation;
    private Long durationMillis;
    private String contentIdentifier;
    private final Set<String> warnings = new LinkedHashSet<>();

    void takenAt(Stamp stamp, TakenAtOrigin origin) {
        if (stamp == null) {
            return;
        }
        if (takenAt == null || origin.ordinal() < takenAtOrigin.ordinal()) {
            takenAt = stamp;
            takenAtOrigin = origin;
        }
    }

    /** Whether a date from {@code origin} or a better one is known. */
    boolean hasTakenAt(TakenAtOrigin origin) {
        return takenAt != null && takenAtOrigin.ordinal() <= origin.ordinal();
    }

    void make(String value) {
        if (make == null) {
            make = clean(value);
        }
    }

    void model(String value) {
        if (model == null) {
            model = clean(value);
        }
    }

    void lens(String value) {
        if (lens == null) {
            lens = clean(value);
        }
    }

    boolean hasPosition() {
        return latitude != null;
    }

    void position(Double lat, Double lon) {
        if (latitude != null || lat == null || lon == null) {
            return;
        }
        if (Double.isFinite(lat) && Double.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
            latitude = lat;
            longitude = lon;
        }
    }

    void altitude(Double metres) {
        if (altitude == null && metres != null && Double.isFinite(metres) && Math.abs(metres) < 100_000) {
            altitude = metres;
        }
    }

    void size(Integer w, Integer h) {
        if (width == null && w != null && h != null && w > 0 && h > 0) {
            width = w;
            height = h;
        }
    }

    void orientation(Integer value) {
        if (orientation == null && value != null && value >= 1 && value <= 8) {
            orientation = value;
        }
    }

    void durationMillis(Long value) {
        if (durationMillis == null && value != null && value >= 0) {
            durationMillis = value;
        }
    }

    void contentIdentifier(String value) {
        if (contentIdentifier == null) {
            contentIdentifier = clean(value);
        }
    }

    void warn(String warning) {
        if (warning != null && !warning.isBlank() && warnings.size() < MAX_WARNINGS) {
            String w = warning.strip();
            warnings.add(w.length() <= MAX_WARNING_LENGTH ? w : w.substring(0, MAX_WARNING_LENGTH) + "...");
        }
    }

    MediaMetadata build(String mediaType) {
        ZoneOffset offset = takenAt == null ? null : takenAt.offset();
        return new MediaMetadata(mediaType,
                takenAt == null ? null : takenAt.local(), offset, takenAtOrigin,
                make, model, lens, latitude, longitude, altitude, width, height, orientation, durationMillis,
                contentIdentifier, new ArrayList<>(warnings));
    }

    /** Trimmed, without the NUL padding some cameras leave, {@code null} when nothing is left. */
    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String s = value.replace('\0', ' ').strip();
        return s.isEmpty() ? null : s;
    }
}
