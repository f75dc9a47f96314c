package io.shoebox.repository.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import io.shoebox.repository.Chunker;

/**
 * Creates the repository's chunker ({@code internal.chunk.PhotoAwareChunker}) from the chunker seed
 * and the sizes recorded in the config. Looked up by name so that this package builds on its own
 * while the chunker is written in parallel.
 */
final class ChunkerSupport {

    static final String CHUNKER = "io.shoebox.repository.internal.chunk.PhotoAwareChunker";
    static final String PARAMS = "io.shoebox.repository.internal.chunk.ChunkerParams";

    /** Sizes used when the chunker's own defaults cannot be read (restic's: 512 KiB, 1 MiB, 8 MiB). */
    static final int[] FALLBACK = {512 * 1024, 1024 * 1024, 8 * 1024 * 1024};

    private ChunkerSupport() {
    }

    /** The chunker's default {min, avg, max}, recorded in a new repository's config. */
    static int[] defaults() {
        try {
            Class<?> params = Class.forName(PARAMS, true, ChunkerSupport.class.getClassLoader());
            Object value = params.getMethod("defaults").invoke(null);
            return new int[] {(int) params.getMethod("minSize").invoke(value),
                    (int) params.getMethod("avgSize").invoke(value), (int) params.getMethod("maxSize").invoke(value)};
        } catch (ReflectiveOperationException | LinkageError e) {
            return FALLBACK.clone();
        }
    }

    static Chunker create(byte[] seed, int min, int avg, int max) {
        try {
            ClassLoader loader = ChunkerSupport.class.getClassLoader();
            Class<?> params = Class.forName(PARAMS, true, loader);
            Constructor<?> paramsConstructor = params.getDeclaredConstructor(int.class, int.class, int.class);
            Object value = paramsConstructor.newInstance(min, avg, max);
            Class<?> chunker = Class.forName(CHUNKER, true, loader);
            Constructor<?> constructor = chunker.getDeclaredConstructor(byte[].class, params);
            return (Chunker) constructor.newInstance(seed.clone(), value);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the chunker cannot be created: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("the content chunker is not available in this build: " + e, e);
        }
    }
}
