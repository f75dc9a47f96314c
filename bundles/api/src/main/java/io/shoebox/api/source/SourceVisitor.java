package io.shoebox.api.source;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the entries of a {@link Source#walk walk}. */
@ConsumerType
public interface SourceVisitor {

    /** A file to consider. Returning {@code false} stops the walk. */
    boolean file(SourceEntry entry);

    /**
     * A folder, reported before anything inside it, so that its attributes can be kept and an empty
     * folder is not lost. Sources that have no folders (or do not know their attributes) need not
     * report them. Returning {@code false} stops the walk.
     */
    default boolean folder(SourceEntry folder) {
        return true;
    }

    /** Something under {@code path} could not be read; the walk goes on without it. */
    void problem(String path, String message);
}
