package io.shoebox.repository;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A lease on a repository. Its holder refreshes it in the background; a lock whose holder died is
 * stale once its lease has expired and is removed by the next process that wants a lock.
 */
@ProviderType
public interface RepositoryLock extends AutoCloseable {

    boolean exclusive();

    /** Releases the lock. */
    @Override
    void close() throws IOException;
}
