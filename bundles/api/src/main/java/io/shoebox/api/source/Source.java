package io.shoebox.api.source;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tree of files to back up: a photo folder, a camera card, an export.
 *
 * <p>Paths are relative to the source's root, use {@code /} as separator and are stable between
 * walks, so a backup can compare them with its parent snapshot.
 */
@ConsumerType
public interface Source {

    /** Service property holding the source's name. */
    String SOURCE_PROPERTY = "shoebox.source";

    /** Service property holding the source type, for example {@code folder}. */
    String TYPE_PROPERTY = "shoebox.source.type";

    /** Factory configuration PIDs of source bundles start with this prefix, followed by the type. */
    String FACTORY_PID_PREFIX = "shoebox.source.";

    /**
     * Reports every file the source holds, parents before children. Problems with single entries
     * (a folder that cannot be read) go to {@link SourceVisitor#problem} and the walk goes on.
     *
     * @throws IOException when the source as a whole cannot be read (its root is missing)
     */
    void walk(SourceVisitor visitor) throws IOException;

    /** Opens a file for reading. */
    InputStream open(SourceEntry entry) throws IOException;

    /**
     * The extended attributes of a file or folder of the last walk (name to value), for sources
     * whose medium has them; empty otherwise.
     *
     * @throws IOException when the entry cannot be read any more
     */
    default java.util.Map<String, byte[]> extendedAttributes(SourceEntry entry) throws IOException {
        return java.util.Map.of();
    }
}
