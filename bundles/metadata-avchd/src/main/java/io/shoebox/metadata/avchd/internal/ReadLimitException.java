package io.shoebox.metadata.avchd.internal;

import java.io.IOException;

/**
 * A file needed more bytes or time than its {@link ReadLimits}. It is an {@link IOException} so that the
 * reader treats it like the end of the file and keeps what it has; it never reaches a caller, it becomes
 * a warning.
 */
final class ReadLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    ReadLimitException(String message) {
        super(message);
    }

    /** Thrown again and again once a limit is hit; its stack says nothing useful. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
