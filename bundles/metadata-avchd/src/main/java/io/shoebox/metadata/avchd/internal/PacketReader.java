package io.shoebox.metadata.avchd.internal;

import java.io.IOException;

/**
 * The 188-byte packets of an MPEG transport stream: plain, 188 bytes a packet (broadcast recordings,
 * HDV's {@code .m2t}), or as AVCHD and Blu-ray write them, 192 bytes a packet with a 4-byte arrival time
 * stamp before each ({@code .mts}, {@code .m2ts}). Every packet begins with the sync byte {@code 0x47};
 * after damage the reader looks for three of them in a row, a packet apart, and goes on from there.
 */
final class PacketReader {

    static final int PACKET = 188;
    private static final int SYNC = 0x47;
    /** Packets checked to tell the packet size of a stream. */
    private static final int PROBE_PACKETS = 4;
    private static final int BUFFER_PACKETS = 512;

    private final GuardedInputStream in;
    private final int stride;
    private final int prefix;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean endOfStream;
    private int resyncs;

    private PacketReader(GuardedInputStream in, int stride) {
        this.in = in;
        this.stride = stride;
        this.prefix = stride - PACKET;
        this.buffer = new byte[stride * BUFFER_PACKETS];
    }

    /**
     * A reader of {@code in}, which must be at the first byte of the file, or {@code null} when the
     * file does not begin like a transport stream (at least one whole packet, and the packets there are
     * a packet apart).
     */
    static PacketReader open(GuardedInputStream in) throws IOException {
        byte[] head = in.readNBytes(192 * PROBE_PACKETS);
        for (int stride : new int[] {192, PACKET}) {
            if (syncsAt(head, stride)) {
                PacketReader reader = new PacketReader(in, stride);
                System.arraycopy(head, 0, reader.buffer, 0, head.length);
                reader.limit = head.length;
                return reader;
            }
        }
        return null;
    }

    private static boolean syncsAt(byte[] head, int stride) {
        int prefix = stride - PACKET;
        if (head.length < stride) {
            return false;
        }
        for (int at = prefix; at < head.length && at / stride < PROBE_PACKETS; at += stride) {
            if ((head[at] & 0xFF) != SYNC) {
                return false;
            }
        }
        return true;
    }

    /** 192 for AVCHD's packets with their time stamps, 188 for plain ones. */
    int stride() {
        return stride;
    }

    /** How often synchronisation was lost and found again. */
    int resyncs() {
        return resyncs;
    }

    /** Copies the next packet (188 bytes from its sync byte) into {@code packet}; {@code false} at the end. */
    boolean next(byte[] packet) throws IOException {
        while (fill(stride)) {
            if ((buffer[position + prefix] & 0xFF) == SYNC) {
                System.arraycopy(buffer, position + prefix, packet, 0, PACKET);
                position += stride;
                return true;
            }
            resync();
        }
        return false; // a partial packet at the end is dropped
    }

    /** Moves to the next place with three sync bytes a packet apart, or with one near the end. */
    private void resync() throws IOException {
        resyncs++;
        position++;
        while (fill(2 * stride + prefix + 1)) {
            if (syncAt(position) && syncAt(position + stride) && syncAt(position + 2 * stride)) {
                return;
            }
            position++;
        }
        while (limit - position >= stride && !syncAt(position)) {
            position++;
        }
    }

    private boolean syncAt(int packetStart) {
        return (buffer[packetStart + prefix] & 0xFF) == SYNC;
    }

    /**
     * Skips to the last {@code tailBytes} (rounded to whole packets) when the caller's stream tells how
     * much is left, as a file's does. A stream that says nothing is read on to its end.
     *
     * @return whether the reader skipped; what follows a skip then is the stream's end, unless the
     *     stream's word was wrong
     */
    boolean skipToTail(long tailBytes) throws IOException {
        boolean skipped = false;
        // A file's stream tells at most Integer.MAX_VALUE: past 2 GiB it takes more than one step.
        for (int steps = 0; steps < 64 && !endOfStream; steps++) {
            int available = in.available();
            long remaining = (long) (limit - position) + Math.max(0, available);
            if (available <= 0 || remaining <= 2 * tailBytes) {
                break;
            }
            long skip = (remaining - tailBytes) / stride * stride;
            int buffered = limit - position;
            if (skip <= buffered) {
                position += (int) skip;
            } else {
                position = 0;
                limit = 0;
                long wanted = skip - buffered;
                if (in.skip(wanted) < wanted) {
                    endOfStream = true;
                }
            }
            skipped = true;
        }
        return skipped;
    }

    /** Makes {@code n} bytes from {@code position} available in the buffer; {@code false} if the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < n && !endOfStream) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfStream = true;
            } else {
                limit += read;
            }
        }
        return limit - position >= n;
    }
}
