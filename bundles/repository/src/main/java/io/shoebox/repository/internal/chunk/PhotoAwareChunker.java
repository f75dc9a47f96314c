package io.shoebox.repository.internal.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.shoebox.repository.Chunker;

/**
 * The repository's {@link Chunker}: keyed FastCDC ({@link FastCdc}) run independently inside the
 * regions that the file's format defines ({@link JpegRegions}, {@link IsoBmffRegions},
 * {@link PngRegions}); files of any other format, and the rest of a file after a structure the
 * parsers do not understand, are one region. The format is recognised by its magic bytes; the file
 * name is not used.
 *
 * <p>Chunks are handed to the sink straight from the read buffer. Memory per running split is one
 * buffer of {@code 2 * maxSize + 64} bytes (a chunk being cut plus read-ahead); buffers are
 * pooled, so splitting many small files does not allocate. An empty stream yields no chunk.
 * Thread-safe.
 */
public final class PhotoAwareChunker implements Chunker {

    /** Buffers kept for reuse between splits. */
    private static final int POOLED_BUFFERS = 4;

    private final FastCdc cdc;
    private final boolean formatAware;
    private final boolean fixedMediaData;
    private final int bufferSize;
    private final ConcurrentLinkedQueue<byte[]> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /**
     * @param seed   the repository's chunker secret (32 bytes; at least 16), which keys the gear table
     * @param params the chunk size bounds from the repository config
     */
    public PhotoAwareChunker(byte[] seed, ChunkerParams params) {
        this(seed, params, true);
    }

    /** With {@code formatAware} false, the whole file is one region: plain FastCDC (for comparison). */
    PhotoAwareChunker(byte[] seed, ChunkerParams params, boolean formatAware) {
        this.cdc = new FastCdc(seed, Objects.requireNonNull(params, "params"));
        this.formatAware = formatAware;
        this.fixedMediaData = params.fixedMediaData();
        this.bufferSize = 2 * params.maxSize() + RegionParser.LOOKAHEAD;
    }

    @Override
    public void split(InputStream content, String fileName, ChunkSink sink) throws IOException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(sink, "sink");
        byte[] buffer = takeBuffer();
        try {
            new Split(content, buffer).run(sink);
        } finally {
            giveBack(buffer);
        }
    }

    private byte[] takeBuffer() {
        byte[] b = pool.poll();
        if (b != null) {
            pooled.decrementAndGet();
            return b;
        }
        return new byte[bufferSize];
    }

    private void giveBack(byte[] b) {
        if (pooled.incrementAndGet() <= POOLED_BUFFERS) {
            pool.offer(b);
        } else {
            pooled.decrementAndGet();
        }
    }

    /** The state of one split: a sliding window over the stream. */
    private final class Split implements Window {
        private final InputStream in;
        private final byte[] buf;
        /** Stream offset of buf[0]. */
        private long base;
        /** Start of the next chunk in buf. */
        private int pos;
        /** End of the valid bytes in buf. */
        private int end;
        private boolean eof;
        /** Stream offset where the current region starts, and whether it is media data cut at fixed intervals. */
        private long regionStart;
        private boolean fixedRegion;

        Split(InputStream in, byte[] buf) {
            this.in = in;
            this.buf = buf;
        }

        void run(ChunkSink sink) throws IOException {
            final int max = cdc.maxSize();
            final long interval = cdc.avgSize();
            fill(max + RegionParser.LOOKAHEAD);
            RegionParser regions = formatAware ? RegionParser.detect(buf, end) : null;
            while (true) {
                fill(pos + max + RegionParser.LOOKAHEAD);
                if (pos >= end) {
                    return;
                }
                int limit = Math.min(end, pos + max);
                boolean atBoundary = false;
                boolean nextIsMediaData = false;
                if (regions != null) {
                    long boundary = regions.nextBoundary(this, base + pos, base + limit);
                    if (boundary < base + limit) {
                        limit = (int) (boundary - base);
                        atBoundary = true;
                        nextIsMediaData = regions.mediaDataAtBoundary();
                    }
                }
                int cut;
                if (fixedRegion) {
                    long next = regionStart + ((base + pos - regionStart) / interval + 1) * interval;
                    cut = (int) Math.min(limit, next - base);
                } else {
                    cut = cdc.cut(buf, pos, limit);
                }
                sink.chunk(buf, pos, cut - pos);
                pos = cut;
                if (atBoundary && cut == limit) {
                    regionStart = base + pos;
                    fixedRegion = fixedMediaData && nextIsMediaData;
                }
            }
        }

        /** Reads until buf holds the bytes up to index {@code need} (moving the window if needed) or the stream ends. */
        private void fill(int need) throws IOException {
            if (eof || end >= need) {
                return;
            }
            if (need > buf.length) {
                int keep = end - pos;
                System.arraycopy(buf, pos, buf, 0, keep);
                base += pos;
                need -= pos;
                end = keep;
                pos = 0;
            }
            while (end < need) {
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                    return;
                }
                end += n;
            }
        }

        @Override
        public int byteAt(long position) {
            long i = position - base;
            return i >= pos && i < end ? buf[(int) i] & 0xff : -1;
        }
    }
}
