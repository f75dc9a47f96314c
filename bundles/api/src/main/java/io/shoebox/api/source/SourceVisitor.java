package io.shoebox.api.source;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the entries of a {@link Source#walk walk}. */
@ConsumerType
public interface SourceVisitor {

    /** A file to consider. Returning {@code false} stops the walk. */
    boolean file(SourceEntry entry);

    /** Something under {@code path} could not be read; the walk goes on without it. */
    void problem(String path, String message);
}
