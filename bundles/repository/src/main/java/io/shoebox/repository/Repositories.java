package io.shoebox.repository;

import java.io.IOException;
import java.nio.file.Path;

import io.shoebox.api.storage.Storage;

/** Creates and opens repositories. */
public final class Repositories {

    private Repositories() {
    }

    /**
     * Creates a repository on an empty storage.
     *
     * @param cacheDir folder for the local cache of this repository's index and trees, or
     *     {@code null} for none
     * @throws RepositoryException with reason {@code ALREADY_INITIALIZED} if the storage holds one
     */
    public static Repository init(Storage storage, char[] password, Path cacheDir) throws IOException {
        return io.shoebox.repository.internal.DefaultRepository.init(storage, password, cacheDir);
    }

    /**
     * Runs the hot paths of backup and restore over throwaway data, so that a long-running server
     * has them compiled before its first backup. Takes about a second of one core per 256 MiB.
     */
    public static void warmUp(long bytes) {
        io.shoebox.repository.internal.Warmup.run(bytes);
    }

    /**
     * Opens a repository.
     *
     * @throws RepositoryException with reason {@code NOT_A_REPOSITORY} or {@code WRONG_PASSWORD}
     */
    public static Repository open(Storage storage, char[] password, Path cacheDir) throws IOException {
        return io.shoebox.repository.internal.DefaultRepository.open(storage, password, cacheDir);
    }
}
