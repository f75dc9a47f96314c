package io.shoebox.engine.internal.jobs;

import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The buffers a backup copies chunks into between reading and storing them. Their number bounds the
 * memory held by chunks read but not yet stored; reusing them spares the garbage collector a large
 * allocation per chunk. Thread-safe.
 */
final class ChunkBuffers {

    /** The size each buffer starts with: the chunker's default average chunk; larger chunks grow it. */
    static final int INITIAL_SIZE = 1 << 20;

    private final BlockingQueue<byte[]> free;

    /** Allocates {@code count} buffers of {@code size} bytes. */
    ChunkBuffers(int count, int size) {
        free = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            free.add(new byte[size]);
        }
    }

    /**
     * A free buffer of at least {@code length} bytes; waits while all are in use. One too small for
     * the chunk is replaced by one of twice its size, or of the chunk's length if that is more.
     */
    byte[] take(int length) throws InterruptedIOException {
        byte[] buffer;
        try {
            buffer = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        return buffer.length >= length ? buffer : new byte[Math.max(length, buffer.length * 2)];
    }

    /** Hands back a buffer {@link #take taken}, once its chunk is stored. */
    void release(byte[] buffer) {
        free.add(buffer);
    }

    /** How many buffers are free now. */
    int free() {
        return free.size();
    }
}
