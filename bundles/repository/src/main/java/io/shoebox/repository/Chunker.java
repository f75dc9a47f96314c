package io.shoebox.repository;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Cuts file content into chunks, content-defined so that an insertion moves only nearby
 * boundaries, and format-aware so that a photo's or video's metadata and its media data never
 * share a chunk: editing EXIF then changes only the small metadata chunk. Boundaries depend on a
 * repository secret, so chunk sizes do not fingerprint known files. Thread-safe.
 */
@ProviderType
public interface Chunker {

    /** Receives chunks in file order. The buffer is only valid during the call. */
    @FunctionalInterface
    interface ChunkSink {
        void chunk(byte[] buffer, int offset, int length) throws IOException;
    }

    /**
     * Splits a whole stream. Files smaller than the minimum chunk size become one chunk.
     *
     * @param fileName the file's name, a hint for the format; the content decides
     */
    void split(InputStream content, String fileName, ChunkSink sink) throws IOException;
}
