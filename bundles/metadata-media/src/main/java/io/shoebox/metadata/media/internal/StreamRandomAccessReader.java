package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;

import com.drew.lang.BufferBoundsException;
import com.drew.lang.RandomAccessReader;

/**
 * Random access to a file given as a stream, for TIFF structures (TIFF, DNG and the raws built on it):
 * bytes are read from the stream only as far as the highest offset asked for, kept in chunks, and every
 * access checks the deadline, so that a loop over offsets cannot outlive it.
 *
 * <p>Until the stream has ended, {@link #getLength()} answers how far it could still be read under the
 * limit rather than its true length, which would mean reading the whole file: metadata-extractor's TIFF
 * reader asks for the length first and only uses it to check offsets.
 */
final class StreamRandomAccessReader extends RandomAccessReader {

    private static final int CHUNK = 64 << 10;

    private final GuardedInputStream stream;
    private final List<byte[]> chunks = new ArrayList<>();
    private long loaded;
    private boolean ended;

    StreamRandomAccessReader(GuardedInputStream stream) {
        this.stream = stream;
    }

    /** Reads from the stream until {@code end} bytes are held or the stream ends; whether they are held. */
    private boolean load(long end) throws IOException {
        stream.guard().checkTime();
        while (loaded < end && !ended) {
            int inChunk = (int) (loaded % CHUNK);
            if (inChunk == 0) {
                chunks.add(new byte[CHUNK]);
            }
            byte[] chunk = chunks.get(chunks.size() - 1);
            int n = stream.read(chunk, inChunk, CHUNK - inChunk);
            if (n < 0) {
                ended = true;
            } else {
                loaded += n;
            }
        }
        return loaded >= end;
    }

    /**
     * Whether the file really holds {@code length} bytes at {@code offset}, reading up to there. Callers
     * ask before allocating for data whose length a field states.
     */
    boolean holds(int offset, int length) throws IOException {
        return isValidIndex(offset, length);
    }

    /** The bytes loaded so far followed by the rest of the stream: the whole file, for a decoder. */
    InputStream replay() {
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            int length = (int) Math.min(CHUNK, loaded - (long) i * CHUNK);
            parts.add(new java.io.ByteArrayInputStream(chunks.get(i), 0, length));
        }
        parts.add(stream);
        return new SequenceInputStream(java.util.Collections.enumeration(parts));
    }

    @Override
    public int toUnshiftedOffset(int localOffset) {
        return localOffset;
    }

    @Override
    public byte getByte(int index) throws IOException {
        validateIndex(index, 1);
        return chunks.get(index / CHUNK)[index % CHUNK];
    }

    @Override
    public byte[] getBytes(int index, int count) throws IOException {
        validateIndex(index, count);
        byte[] bytes = new byte[count];
        int copied = 0;
        while (copied < count) {
            long at = (long) index + copied;
            int inChunk = (int) (at % CHUNK);
            int n = Math.min(count - copied, CHUNK - inChunk);
            System.arraycopy(chunks.get((int) (at / CHUNK)), inChunk, bytes, copied, n);
            copied += n;
        }
        return bytes;
    }

    @Override
    protected void validateIndex(int index, int bytesRequested) throws IOException {
        if (!isValidIndex(index, bytesRequested)) {
            throw new BufferBoundsException(index, bytesRequested, loaded);
        }
    }

    @Override
    protected boolean isValidIndex(int index, int bytesRequested) throws IOException {
        if (index < 0 || bytesRequested < 0) {
            return false;
        }
        long end = (long) index + bytesRequested;
        if (end > Integer.MAX_VALUE) {
            return false;
        }
        return load(end);
    }

    @Override
    public long getLength() throws IOException {
        stream.guard().checkTime();
        return ended ? loaded : Math.min(Integer.MAX_VALUE, loaded + stream.guard().remainingBytes());
    }
}
