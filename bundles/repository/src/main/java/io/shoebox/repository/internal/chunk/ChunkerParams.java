package io.shoebox.repository.internal.chunk;

/**
 * Chunk size bounds of the content-defined chunker; the repository stores them in its config so
 * that every client of one repository cuts the same boundaries.
 *
 * <p>The defaults (512 KiB / 1 MiB / 4 MiB) suit photo and video libraries: a typical photo of
 * 2-12 MB becomes a handful of chunks, a 10 TB library about ten million blobs, which keeps the
 * in-memory index (about 64 bytes per blob) well under a gigabyte, while the chunk that an edit
 * dirties stays small compared with a video. Metadata regions (EXIF, {@code moov}) are usually
 * smaller than the minimum and so become one small chunk of their own. The gear hash skips the
 * first {@code minSize} bytes of every chunk, so a minimum of half the normal size leaves about 60%
 * of the data to hash (a quarter would leave nearly 80%): cutting is the costliest step per byte of a
 * backup, and photos and videos gain nothing from smaller chunks inside their image data.
 *
 * <p>With {@code fixedMediaData}, the media data of a photo or video (a JPEG's entropy-coded scans, an
 * ISO BMFF {@code mdat} box) is cut every {@code avgSize} bytes from the start of its region instead
 * of by content. The region starts where the metadata before it ends, so editing metadata still
 * leaves every media chunk as it was, and identical media data still gives identical chunks; what is
 * lost is only the resynchronisation after bytes inserted inside the media data, which photo and
 * video tools do not do (they re-encode). It spares the gear hash, the costliest step per byte of a
 * backup, on nearly all of a photo library's bytes.
 *
 * @param minSize no chunk is smaller, except the last one of a region (or of a file)
 * @param avgSize the normal size: the cut-point judgement is strict below it and lax above it
 * @param maxSize no chunk is larger
 * @param fixedMediaData whether media data regions are cut at fixed intervals
 */
public record ChunkerParams(int minSize, int avgSize, int maxSize, boolean fixedMediaData) {

    /** Smallest allowed minimum: below the 64-byte window of the gear hash, cut points degenerate. */
    public static final int LOWEST_MIN_SIZE = 64;
    /** Largest allowed maximum, so that a chunk and its read-ahead fit in one array. */
    public static final int HIGHEST_MAX_SIZE = 256 << 20;

    public ChunkerParams {
        if (minSize < LOWEST_MIN_SIZE || avgSize <= minSize || maxSize <= avgSize || maxSize > HIGHEST_MAX_SIZE) {
            throw new IllegalArgumentException("chunk sizes must satisfy " + LOWEST_MIN_SIZE
                    + " <= min < avg < max <= " + HIGHEST_MAX_SIZE + ": " + minSize + "/" + avgSize + "/" + maxSize);
        }
    }

    /** Content-defined cuts everywhere, as in repositories whose config does not mention media data. */
    public ChunkerParams(int minSize, int avgSize, int maxSize) {
        this(minSize, avgSize, maxSize, false);
    }

    /**
     * 512 KiB minimum, 1 MiB normal, 4 MiB maximum, media data cut at fixed intervals; repositories
     * created earlier keep what their config records.
     */
    public static ChunkerParams defaults() {
        return new ChunkerParams(512 << 10, 1 << 20, 4 << 20, true);
    }
}
