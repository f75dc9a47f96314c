package io.shoebox.api.catalog;

import java.time.LocalDateTime;

/**
 * A catalog search. Every criterion is optional ({@code null} matches all); results are ordered by
 * date taken, newest first, then by source and path.
 *
 * @param takenFrom earliest local date and time taken, inclusive
 * @param takenTo latest local date and time taken, exclusive
 * @param camera words that must all appear in the camera's make or model, ignoring case
 * @param source the source's name
 * @param folder a folder of the source: items in it and below it
 * @param mediaType a media type ({@code image/jpeg}) or a family ({@code image}, {@code video})
 * @param place a bounding box the position must lie in
 * @param text words that must all appear in the path, camera or lens, ignoring case
 * @param offset how many matching items to skip
 * @param limit largest number of items on a page, 1 to 1000
 */
public record ItemQuery(
        LocalDateTime takenFrom,
        LocalDateTime takenTo,
        String camera,
        String source,
        String folder,
        String mediaType,
        BoundingBox place,
        String text,
        int offset,
        int limit) {

    public static final int MAX_LIMIT = 1000;

    public ItemQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** All items, first page of {@code limit}. */
    public static ItemQuery all(int limit) {
        return new ItemQuery(null, null, null, null, null, null, null, null, 0, limit);
    }

    /**
     * An area between two latitudes and two longitudes; {@code west > east} crosses the antimeridian.
     */
    public record BoundingBox(double south, double west, double north, double east) {
        public BoundingBox {
            if (south < -90 || north > 90 || south > north) {
                throw new IllegalArgumentException("latitudes must satisfy -90 <= south <= north <= 90");
            }
            if (west < -180 || west > 180 || east < -180 || east > 180) {
                throw new IllegalArgumentException("longitudes must lie between -180 and 180");
            }
        }
    }
}
