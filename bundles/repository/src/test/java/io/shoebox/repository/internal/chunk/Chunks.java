package io.shoebox.repository.internal.chunk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.shoebox.repository.Chunker;

/** The chunks of one file, as the tests look at them. */
record Chunks(List<byte[]> list) {

    static Chunks of(Chunker chunker, byte[] content) {
        return of(chunker, new ByteArrayInputStream(content));
    }

    static Chunks of(Chunker chunker, InputStream content) {
        List<byte[]> list = new ArrayList<>();
        try {
            chunker.split(content, "file", (buffer, offset, length) -> {
                byte[] copy = new byte[length];
                System.arraycopy(buffer, offset, copy, 0, length);
                list.add(copy);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Chunks(list);
    }

    int count() {
        return list.size();
    }

    byte[] concatenated() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        list.forEach(out::writeBytes);
        return out.toByteArray();
    }

    List<Integer> sizes() {
        return list.stream().map(c -> c.length).toList();
    }

    /** Chunk ends, as offsets in the file. */
    List<Long> boundaries() {
        List<Long> ends = new ArrayList<>();
        long at = 0;
        for (byte[] c : list) {
            at += c.length;
            ends.add(at);
        }
        return ends;
    }

    List<String> ids() {
        return list.stream().map(Chunks::sha256).toList();
    }

    /** Bytes of this version's chunks that {@code before} does not have: what a backup would upload. */
    long bytesNotIn(Chunks before) {
        Set<String> known = new HashSet<>(before.ids());
        long n = 0;
        for (byte[] c : list) {
            if (!known.contains(sha256(c))) {
                n += c.length;
            }
        }
        return n;
    }

    long totalBytes() {
        return list.stream().mapToLong(c -> c.length).sum();
    }

    static double percent(long part, long whole) {
        return 100.0 * part / whole;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
