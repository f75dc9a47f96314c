package io.shoebox.metadata.media.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import com.drew.lang.StreamReader;

/**
 * metadata-extractor's sequential reader, except that a request for {@code n} bytes does not allocate
 * {@code n} bytes up front: a chunk whose length field claims two gigabytes in a small file costs what
 * the file really holds, then ends in an {@link EOFException} like any truncated chunk.
 */
final class BoundedSequentialReader extends StreamReader {

    /** Requests up to this size are allocated at once; larger ones grow with the data. */
    private static final int DIRECT = 64 << 10;

    private final InputStream stream;

    /** Bytes read past the superclass, which keeps the position. */
    private long readDirectly;

    BoundedSequentialReader(InputStream stream) {
        super(stream);
        this.stream = stream;
    }

    @Override
    public byte[] getBytes(int count) throws IOException {
        if (count < 0) {
            throw new EOFException("negative length " + count);
        }
        if (count <= DIRECT) {
            return super.getBytes(count);
        }
        byte[] bytes = stream.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("End of data reached.");
        }
        readDirectly += count;
        return bytes;
    }

    @Override
    public long getPosition() {
        return super.getPosition() + readDirectly;
    }
}
