package io.shoebox.engine.internal.repo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageUsage;

/**
 * What every provider gets from the engine, so no provider has to do it: transient failures of
 * reads, listings, deletes and usage queries are retried with exponential backoff and full jitter
 * (only transient ones: a wrong password does not get better by asking again), and uploads pass a
 * rate limit. Uploads are retried one level up, by the repository, which knows whether an object
 * that appeared meanwhile holds the same bytes. Every outcome is told to a {@link Contacts}, so the
 * target's status shows the last real contact. Keys are checked ({@link Storage#checkKey}) before any
 * provider sees them.
 */
final class ResilientStorage implements Storage {

    /** Hears whether each operation reached the target. */
    interface Contacts {
        void reached();

        void failed(String problem);

        Contacts NONE = new Contacts() {
            @Override
            public void reached() {
            }

            @Override
            public void failed(String problem) {
            }
        };
    }

    private final Storage storage;
    private final Contacts contacts;
    private final UploadLimit limit;
    private final int attempts;
    private final long firstPauseMillis;
    private final long maxPauseMillis;

    ResilientStorage(Storage storage, Contacts contacts, UploadLimit limit, int attempts, long firstPauseMillis,
            long maxPauseMillis) {
        this.storage = storage;
        this.contacts = contacts;
        this.limit = limit;
        this.attempts = attempts;
        this.firstPauseMillis = firstPauseMillis;
        this.maxPauseMillis = maxPauseMillis;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws StorageException;
    }

    /**
     * Runs a call, retrying transient failures.
     *
     * @param missingIsFailure whether NOT_FOUND means the target itself is gone (a listing, a write)
     *     rather than one object (a read)
     */
    private <T> T retrying(Call<T> call, boolean missingIsFailure) throws StorageException {
        for (int attempt = 1;; attempt++) {
            try {
                T result = call.run();
                contacts.reached();
                return result;
            } catch (StorageException e) {
                if (e.kind() != Kind.TRANSIENT || attempt >= attempts) {
                    report(e, missingIsFailure);
                    throw e;
                }
                pause(attempt, e);
            }
        }
    }

    private void report(StorageException e, boolean missingIsFailure) {
        switch (e.kind()) {
            case TRANSIENT, AUTHENTICATION -> contacts.failed(e.getMessage());
            case NOT_FOUND, PERMANENT -> {
                if (missingIsFailure) {
                    contacts.failed(e.getMessage());
                } else {
                    contacts.reached();
                }
            }
            default -> contacts.reached();
        }
    }

    private void pause(int attempt, StorageException cause) throws StorageException {
        long ceiling = Math.min(maxPauseMillis, firstPauseMillis << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StorageException interrupted = new StorageException(Kind.TRANSIENT, "interrupted while waiting to retry: "
                    + cause.getMessage(), e);
            interrupted.addSuppressed(cause);
            throw interrupted;
        }
    }

    @Override
    public void create(String key, ByteSource content) throws StorageException {
        Storage.checkKey(key);
        try {
            storage.create(key, limit.isLimited() ? limited(content) : content);
            contacts.reached();
        } catch (StorageException e) {
            report(e, true);
            throw e;
        }
    }

    private ByteSource limited(ByteSource content) {
        return new ByteSource() {
            @Override
            public long size() {
                return content.size();
            }

            @Override
            public InputStream open() throws IOException {
                return new FilterInputStream(content.open()) {
                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int granted = limit.acquire(length);
                        int read = super.read(buffer, offset, granted);
                        if (read < 0 && Thread.currentThread().isInterrupted()) {
                            throw new InterruptedIOException("upload interrupted");
                        }
                        return read;
                    }
                };
            }
        };
    }

    @Override
    public InputStream read(String key, long offset, long length) throws StorageException {
        Storage.checkKey(key);
        return retrying(() -> storage.read(key, offset, length), false);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        Storage.checkKey(key);
        return retrying(() -> storage.stat(key), true);
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException {
        boolean[] delivered = {false};
        retrying(() -> {
            try {
                storage.list(prefix, info -> {
                    delivered[0] = true;
                    consumer.accept(info);
                });
            } catch (StorageException e) {
                if (delivered[0]) {
                    // Starting over would hand the consumer the same objects twice.
                    throw new StorageException(Kind.PERMANENT, e.getMessage(), e);
                }
                throw e;
            }
            return null;
        }, true);
    }

    @Override
    public void delete(String key) throws StorageException {
        Storage.checkKey(key);
        retrying(() -> {
            storage.delete(key);
            return null;
        }, true);
    }

    @Override
    public StorageUsage usage() throws StorageException {
        return retrying(storage::usage, true);
    }

    @Override
    public void verifyAccess() throws StorageException {
        storage.verifyAccess();
    }
}
