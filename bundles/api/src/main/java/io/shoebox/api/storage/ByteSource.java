package io.shoebox.api.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Content of known length that can be read more than once, so that a provider can retry an
 * upload after a transient failure.
 */
@ConsumerType
public interface ByteSource {

    /** Exact number of bytes {@link #open()} yields. */
    long size();

    /** Opens a fresh stream over the whole content. */
    InputStream open() throws IOException;

    /** Content held in memory. The array is not copied and must not change afterwards. */
    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** Content of a file that does not change while it is used. */
    static ByteSource of(Path file) throws IOException {
        long size = Files.size(file);
        return new ByteSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
