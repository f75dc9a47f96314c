package io.shoebox.repository.internal;

import io.shoebox.repository.Chunker;
import io.shoebox.repository.internal.chunk.ChunkerParams;
import io.shoebox.repository.internal.chunk.PhotoAwareChunker;

/** Creates the repository's chunker from the chunker seed and the sizes recorded in the config. */
final class ChunkerSupport {

    private ChunkerSupport() {
    }

    /** The chunk sizes a new repository records in its config. */
    static ChunkerParams defaults() {
        return ChunkerParams.defaults();
    }

    static Chunker create(byte[] seed, ChunkerParams params) {
        return new PhotoAwareChunker(seed.clone(), params);
    }
}
