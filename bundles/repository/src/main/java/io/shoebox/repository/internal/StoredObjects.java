package io.shoebox.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.log.Logger;

import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;

/**
 * The repository's objects on its storage: listed, read whole or in part, and created with retries
 * of transient failures. Objects are named by their content, so one that already exists is taken
 * as written.
 */
final class StoredObjects {

    private final Storage storage;
    private final RepositoryOptions options;
    private final Logger log;

    /** @param options how often and after what pause a failed create is tried again */
    StoredObjects(Storage storage, RepositoryOptions options, Logger log) {
        this.storage = storage;
        this.options = options;
        this.log = log;
    }

    List<ObjectInfo> list(String prefix) throws StorageException {
        return list(storage, prefix);
    }

    byte[] readAll(String objectKey) throws IOException {
        return readAll(storage, objectKey);
    }

    /** Exactly {@code length} bytes of an object from {@code offset}; a shorter object is corrupt. */
    byte[] readRange(String objectKey, long offset, int length) throws IOException {
        try (InputStream in = storage.read(objectKey, offset, length)) {
            // Read straight into the result: readNBytes(int) would read in small pieces and copy them.
            byte[] bytes = new byte[length];
            if (in.readNBytes(bytes, 0, length) != length) {
                throw new RepositoryException(Reason.CORRUPT, "object " + objectKey + " is shorter than expected");
            }
            return bytes;
        }
    }

    /** Creates an object, retrying transient failures with backoff; an equal existing object is success. */
    void createWithRetry(String objectKey, byte[] bytes, int length) throws IOException {
        long pause = options.retryBackoff().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                storage.create(objectKey, DefaultWriter.source(bytes, length));
                return;
            } catch (StorageException e) {
                if (e.kind() == Kind.ALREADY_EXISTS) {
                    return; // content-named: the same bytes are already there
                }
                if (!e.isTransient() || attempt >= options.uploadAttempts()) {
                    throw e;
                }
                log.warn("writing {} failed (attempt {}): {}; retrying", objectKey, attempt, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while retrying an upload");
                }
                pause *= 2;
            }
        }
    }

    static List<ObjectInfo> list(Storage storage, String prefix) throws StorageException {
        List<ObjectInfo> objects = new ArrayList<>();
        storage.list(prefix, objects::add);
        return objects;
    }

    static byte[] readAll(Storage storage, String objectKey) throws IOException {
        try (InputStream in = storage.read(objectKey)) {
            return in.readAllBytes();
        }
    }
}
