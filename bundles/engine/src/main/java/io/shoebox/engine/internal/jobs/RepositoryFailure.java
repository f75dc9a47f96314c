package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A failure of the repository or its storage during a backup, carried out of the worker threads: it
 * ends the backup, unlike a file that cannot be read.
 */
final class RepositoryFailure extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    RepositoryFailure(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
