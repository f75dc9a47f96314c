package io.shoebox.repository;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.service.log.Logger;

import io.shoebox.api.storage.Storage;

/**
 * Creates and opens repositories. A repository reports what it does and what it works around
 * (damaged cache entries, stale locks, retried uploads, adopted packs) to the {@link Logger} it is
 * opened with: the caller's own, so it appears in the server log under the caller's bundle.
 */
public final class Repositories {

    private Repositories() {
    }

    /**
     * Creates a repository on an empty storage.
     *
     * @param cacheDir folder for the local cache of this repository's index and trees, or
     *     {@code null} for none
     * @param log where the repository logs
     * @throws RepositoryException with reason {@code ALREADY_INITIALIZED} if the storage holds one
     */
    public static Repository init(Storage storage, char[] password, Path cacheDir, Logger log) throws IOException {
        return io.shoebox.repository.internal.DefaultRepository.init(storage, password, cacheDir, log);
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
     * @param cacheDir folder for the local cache of this repository's index and trees, or
     *     {@code null} for none
     * @param log where the repository logs
     * @throws RepositoryException with reason {@code NOT_A_REPOSITORY} or {@code WRONG_PASSWORD}
     */
    public static Repository open(Storage storage, char[] password, Path cacheDir, Logger log) throws IOException {
        return io.shoebox.repository.internal.DefaultRepository.open(storage, password, cacheDir, log);
    }
}
