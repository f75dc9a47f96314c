package io.shoebox.storage.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;

import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The body of a GET. A connection that breaks while reading is reported as a transient
 * {@link StorageException}; closing before the end drops the connection instead of downloading the
 * rest of the range just to reuse it.
 */
final class ObjectStream extends FilterInputStream {

    private final ResponseInputStream<?> response;
    private final String description;
    private boolean ended;

    ObjectStream(ResponseInputStream<?> response, String description) {
        super(response);
        this.response = response;
        this.description = description;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            ended |= b < 0;
            return b;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = in.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw broken(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            response.abort();
        }
        try {
            in.close();
        } catch (IOException e) {
            // The connection is dropped either way; what was read is complete.
        }
    }

    private IOException broken(IOException e) {
        if (e instanceof StorageException) {
            return e;
        }
        return new StorageException(Kind.TRANSIENT, "connection lost while reading " + description + ": " + e.getMessage(), e);
    }
}
