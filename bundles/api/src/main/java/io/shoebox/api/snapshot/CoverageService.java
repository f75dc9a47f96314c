package io.shoebox.api.snapshot;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/** Answers "are my photos backed up?" for a source, file by file. */
@ProviderType
public interface CoverageService {

    /**
     * Compares a source's files now with its newest complete snapshot on every target. A target
     * that cannot be read gets a {@link Coverage.TargetCoverage#problem() problem}, not an exception.
     *
     * @throws java.util.NoSuchElementException when there is no such source
     * @throws IOException when the source itself cannot be read
     */
    Coverage coverage(String source) throws IOException;
}
