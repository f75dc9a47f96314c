package io.shoebox.repository.internal;

import java.time.Duration;

import io.shoebox.repository.internal.crypto.Kdf;

/**
 * Tunables that are not part of the stored format (except {@code packSize}, written to the config
 * at init). Tests use short leases and cheap key derivation.
 *
 * @param kdf key derivation for new keys
 * @param packSize target pack size for a new repository
 * @param lockLease how long a lock stays fresh without refresh
 * @param lockRefresh how often a held lock is refreshed
 * @param lockSettle how long to wait after writing a lock before re-checking for races
 * @param uploaders threads uploading packs
 * @param queuedPacks full packs waiting for an uploader before {@code storeBlob} blocks
 * @param uploadAttempts attempts per upload on transient failures
 * @param retryBackoff first pause between attempts, doubled each time
 */
public record RepositoryOptions(Kdf kdf, int packSize, Duration lockLease, Duration lockRefresh, Duration lockSettle,
        int uploaders, int queuedPacks, int uploadAttempts, Duration retryBackoff) {

    public static final int DEFAULT_PACK_SIZE = 16 * 1024 * 1024;

    public static RepositoryOptions defaults() {
        return new RepositoryOptions(Kdf.DEFAULT, DEFAULT_PACK_SIZE, Duration.ofMinutes(3), Duration.ofMinutes(1),
                Duration.ofMillis(500), 3, 2, 5, Duration.ofSeconds(1));
    }

    public RepositoryOptions withKdf(Kdf value) {
        return new RepositoryOptions(value, packSize, lockLease, lockRefresh, lockSettle, uploaders, queuedPacks,
                uploadAttempts, retryBackoff);
    }

    public RepositoryOptions withPackSize(int value) {
        return new RepositoryOptions(kdf, value, lockLease, lockRefresh, lockSettle, uploaders, queuedPacks,
                uploadAttempts, retryBackoff);
    }

    public RepositoryOptions withLocks(Duration lease, Duration refresh, Duration settle) {
        return new RepositoryOptions(kdf, packSize, lease, refresh, settle, uploaders, queuedPacks, uploadAttempts,
                retryBackoff);
    }

    public RepositoryOptions withUploads(int threads, int queued, int attempts, Duration backoff) {
        return new RepositoryOptions(kdf, packSize, lockLease, lockRefresh, lockSettle, threads, queued, attempts,
                backoff);
    }
}
