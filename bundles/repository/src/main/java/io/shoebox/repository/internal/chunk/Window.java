package io.shoebox.repository.internal.chunk;

/** Random read access to the not yet chunked part of a stream, by absolute offset. */
interface Window {

    /** The byte at {@code position} (0..255), or -1 past the end of the stream. */
    int byteAt(long position);
}
