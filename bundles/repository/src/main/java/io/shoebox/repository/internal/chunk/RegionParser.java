package io.shoebox.repository.internal.chunk;

/**
 * Finds region boundaries in a file's structure while it streams by. Regions are chunked
 * independently: no chunk spans a boundary. A parser reads only the headers of structural units
 * (JPEG segments, ISO BMFF boxes, PNG chunks) and skips their payloads; on anything it does not
 * understand it stops finding boundaries, so the rest of the file is one region, chunked as plain
 * CDC. A parser never throws on bad structure.
 *
 * <p>One instance serves one stream; not thread-safe.
 */
abstract class RegionParser {

    /** No (further) boundary. */
    static final long NONE = Long.MAX_VALUE;

    /** Bytes past {@code limit} that {@link #nextBoundary} may read. */
    static final int LOOKAHEAD = 64;

    /** Offset of the next unparsed structural unit. */
    protected long cursor;
    /** The latest boundary found (0 before any). */
    protected long pending;
    /** Set when no boundary can follow {@link #pending}. */
    protected boolean done;
    /** Whether the region starting at {@link #pending} is media data (image scans, video and image samples). */
    protected boolean pendingStartsMediaData;

    /**
     * Returns the first boundary after {@code from}, or a value greater than {@code limit} when
     * there is none up to {@code limit}. Reads the window only in {@code [from, limit + LOOKAHEAD)}.
     * Successive calls have non-decreasing {@code from}, and {@code from} never passes a boundary
     * returned earlier.
     */
    final long nextBoundary(Window window, long from, long limit) {
        while (true) {
            if (pending > from) {
                return pending;
            }
            if (done || cursor > limit) {
                return NONE;
            }
            long before = cursor;
            long pendingBefore = pending;
            step(window);
            if (!done && cursor <= before && pending == pendingBefore) {
                done = true; // no progress: treat as malformed rather than loop
            }
        }
    }

    /** Whether the region that starts at the boundary last returned by {@link #nextBoundary} is media data. */
    final boolean mediaDataAtBoundary() {
        return pendingStartsMediaData;
    }

    /**
     * Parses the unit at {@link #cursor}: advances the cursor past it, and/or sets
     * {@link #pending} to a new boundary, and/or sets {@link #done}.
     */
    protected abstract void step(Window window);

    static int u8(Window w, long pos) {
        return w.byteAt(pos);
    }

    /** Big-endian unsigned 16 bits, or -1 past the end. */
    static int u16(Window w, long pos) {
        int a = w.byteAt(pos);
        int b = w.byteAt(pos + 1);
        return (a | b) < 0 ? -1 : (a << 8) | b;
    }

    /** Big-endian unsigned 32 bits, or -1 past the end. */
    static long u32(Window w, long pos) {
        int a = u16(w, pos);
        int b = u16(w, pos + 2);
        return (a | b) < 0 ? -1 : ((long) a << 16) | b;
    }

    /** Returns the parser for the format that {@code head} (the first bytes of the stream) shows, or null. */
    static RegionParser detect(byte[] head, int length) {
        if (JpegRegions.matches(head, length)) {
            return new JpegRegions();
        }
        if (PngRegions.matches(head, length)) {
            return new PngRegions();
        }
        if (IsoBmffRegions.matches(head, length)) {
            return new IsoBmffRegions();
        }
        return null;
    }
}
