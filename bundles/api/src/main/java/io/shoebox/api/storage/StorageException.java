package io.shoebox.api.storage;

import java.io.IOException;

/**
 * A storage operation failed. The {@link Kind} says what a caller can do about it; the message
 * says what happened in words an operator understands.
 */
public class StorageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Classes of failure, chosen by what the caller should do next. */
    public enum Kind {
        /** Might succeed if tried again later: a timeout, a dropped connection, a busy server. */
        TRANSIENT,
        /** Will fail again the same way until something is changed: a bad path, a broken setup. */
        PERMANENT,
        /** Credentials are wrong or lack the permission needed. */
        AUTHENTICATION,
        /** The object (or the place that should hold it) does not exist. */
        NOT_FOUND,
        /** A create-only write found the key already taken. */
        ALREADY_EXISTS,
        /** The medium or the account is out of space or over its quota. */
        NO_SPACE
    }

    private final Kind kind;

    public StorageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether retrying the same operation later may succeed. */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }
}
