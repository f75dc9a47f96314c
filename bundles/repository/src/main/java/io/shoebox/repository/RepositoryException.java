package io.shoebox.repository;

import java.io.IOException;

/** A repository cannot be used as asked; the message says why in an operator's words. */
public class RepositoryException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently. */
    public enum Reason {
        /** No key of the repository opens with the given password. */
        WRONG_PASSWORD,
        /** The storage holds no repository. */
        NOT_A_REPOSITORY,
        /** The storage already holds a repository (on init). */
        ALREADY_INITIALIZED,
        /** Another process holds a conflicting lock that is still fresh. */
        LOCKED,
        /** An object failed authentication or does not parse: damaged or tampered with. */
        CORRUPT,
        /** The repository was written by a newer format version. */
        UNSUPPORTED_VERSION
    }

    private final Reason reason;

    public RepositoryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RepositoryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
