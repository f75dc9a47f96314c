package io.shoebox.metadata.media.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The caller's stream as every parser here sees it: reads count against the {@link ReadGuard}, every
 * call checks its deadline, the position in the file is known, and the first bytes can be looked at
 * before a parser is chosen.
 *
 * <p>Skipping is cheap and free: it asks the caller's stream to skip (a file stream seeks), in steps,
 * so that the deadline is checked between them, and only when that stream cannot skip does it read and
 * drop the bytes (which then count). The position moves by what was skipped either way, so a video's
 * media data of any size costs nothing to pass.
 *
 * <p>Closing this stream does not close the caller's: the stream belongs to whoever opened it.
 */
final class GuardedInputStream extends InputStream {

    /** The largest single skip asked of the caller's stream, so the deadline is checked between steps. */
    private static final long SKIP_STEP = 64L << 20;

    private final InputStream source;
    private final ReadGuard guard;
    private long position;

    /** Bytes already taken from the source by {@link #peek} and not yet handed out. */
    private byte[] head = new byte[0];
    private int headPosition;

    GuardedInputStream(InputStream source, ReadGuard guard) {
        this.source = source;
        this.guard = guard;
    }

    ReadGuard guard() {
        return guard;
    }

    /** Bytes handed out or skipped so far: the offset in the file of the next byte. */
    long position() {
        return position;
    }

    /**
     * Up to {@code n} bytes from the current position, without consuming them; fewer only at the end
     * of the stream.
     */
    byte[] peek(int n) throws IOException {
        int buffered = head.length - headPosition;
        if (buffered < n) {
            byte[] more = readFromSource(n - buffered);
            byte[] joined = Arrays.copyOfRange(head, headPosition, headPosition + buffered + more.length);
            System.arraycopy(more, 0, joined, buffered, more.length);
            head = joined;
            headPosition = 0;
        }
        return Arrays.copyOfRange(head, headPosition, headPosition + Math.min(n, head.length - headPosition));
    }

    private byte[] readFromSource(int n) throws IOException {
        byte[] buffer = new byte[n];
        int filled = 0;
        while (filled < n) {
            int read = sourceRead(buffer, filled, n - filled);
            if (read < 0) {
                break;
            }
            filled += read;
        }
        return filled == n ? buffer : Arrays.copyOf(buffer, filled);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (headPosition < head.length) {
            int n = Math.min(length, head.length - headPosition);
            System.arraycopy(head, headPosition, buffer, offset, n);
            headPosition += n;
            position += n;
            return n;
        }
        int n = sourceRead(buffer, offset, length);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    private int sourceRead(byte[] buffer, int offset, int length) throws IOException {
        guard.checkTime();
        int n;
        try {
            n = source.read(buffer, offset, length);
        } catch (IOException e) {
            guard.sourceFailed(e);
            throw e;
        }
        if (n > 0) {
            guard.countRead(n);
        }
        return n;
    }

    /**
     * Reads exactly {@code n} bytes, growing the buffer as data actually arrives: a length field
     * claiming gigabytes costs only the bytes that are really there.
     */
    byte[] readExactly(int n) throws IOException {
        byte[] bytes = readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("the file ends " + (n - bytes.length) + " bytes early");
        }
        return bytes;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = 0;
        if (headPosition < head.length) {
            int fromHead = (int) Math.min(n, head.length - headPosition);
            headPosition += fromHead;
            skipped = fromHead;
        }
        while (skipped < n) {
            guard.checkTime();
            long step = Math.min(n - skipped, SKIP_STEP);
            long s;
            try {
                s = source.skip(step);
            } catch (IOException e) {
                guard.sourceFailed(e);
                throw e;
            }
            if (s <= 0) {
                // The stream cannot skip, or is at its end: read (and count) a little to tell which.
                byte[] drop = new byte[(int) Math.min(step, 8192)];
                int r = sourceRead(drop, 0, drop.length);
                if (r < 0) {
                    break;
                }
                s = r;
            }
            skipped += s;
        }
        position += skipped;
        return skipped;
    }

    /** Skips to {@code target} if it lies ahead; returns whether the stream reached it. */
    boolean skipTo(long target) throws IOException {
        if (target <= position) {
            return target == position;
        }
        skip(target - position);
        return position == target;
    }

    @Override
    public int available() throws IOException {
        return head.length - headPosition;
    }

    @Override
    public void close() {
        // The caller's stream is the caller's to close.
    }
}
