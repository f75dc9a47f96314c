package io.shoebox.engine.internal.admin;

import java.io.IOException;

/**
 * Readies the repository of a newly created target: opens it with the target's password, or
 * initializes it when the target is empty, so that a wrong password is refused when the target is
 * created rather than at its first backup.
 */
public interface TargetPreparer {

    /**
     * @throws IllegalStateException when the target holds a repository the password does not open
     * @throws IOException when the target cannot be reached now
     */
    void prepare(String target) throws IOException;
}
