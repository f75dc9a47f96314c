package io.shoebox.repository;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The name of a blob: HMAC-SHA-256 of its plaintext under the repository's id key, so equal
 * content has equal ids inside one repository and ids reveal nothing about content.
 */
public final class BlobId implements Comparable<BlobId> {

    public static final int LENGTH = 32;

    private final byte[] bytes;
    private final int hash;

    private BlobId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps 32 bytes; the array is copied. */
    public static BlobId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a blob id has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new BlobId(bytes.clone());
    }

    /** Wraps 32 bytes at an offset of a larger array; the bytes are copied. */
    public static BlobId of(byte[] source, int offset) {
        return new BlobId(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public static BlobId parse(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    /** The first eight bytes as a long, big-endian: a well-mixed hash for tables. */
    public long prefix() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlobId id && hash == id.hash && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(BlobId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
