package io.shoebox.repository.internal.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.AEADBadTagException;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.internal.crypto.MasterKey;

/**
 * Pack files: {@code blob_1 || ... || blob_n || sealed header || u32le(sealed header length)}.
 * The header plaintext is {@code u8 version(1)} followed by one 45-byte record per blob:
 * {@code u8 type, id[32], u32le offset, u32le length, u32le plainLength}.
 */
public final class PackFormat {

    public static final int VERSION = 1;
    public static final int ENTRY_SIZE = 1 + 32 + 4 + 4 + 4;
    public static final int TRAILER = 4;
    private static final byte[] HEADER_AAD = "pack-header".getBytes(StandardCharsets.US_ASCII);

    private PackFormat() {
    }

    public static int typeCode(BlobType type) {
        return type == BlobType.DATA ? 0 : 1;
    }

    public static BlobType type(int code) throws RepositoryException {
        switch (code) {
            case 0:
                return BlobType.DATA;
            case 1:
                return BlobType.TREE;
            default:
                throw new RepositoryException(Reason.CORRUPT, "unknown blob type " + code);
        }
    }

    /** Associated data of a blob's encryption: {@code u8 type || id[32]}. */
    public static byte[] blobAad(BlobType type, BlobId id) {
        byte[] aad = new byte[33];
        aad[0] = (byte) typeCode(type);
        id.copyTo(aad, 1);
        return aad;
    }

    /** Length of the sealed header plus trailer for {@code count} blobs. */
    public static int tailLength(int count) {
        return 1 + count * ENTRY_SIZE + MasterKey.OVERHEAD + TRAILER;
    }

    /** Writes the sealed header and the trailer at {@code position}; returns the end. */
    public static int writeTail(MasterKey key, List<PackEntry> entries, byte[] out, int position) {
        ByteBuffer plain = ByteBuffer.allocate(1 + entries.size() * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        plain.put((byte) VERSION);
        byte[] id = new byte[32];
        for (PackEntry entry : entries) {
            plain.put((byte) typeCode(entry.type()));
            entry.id().copyTo(id, 0);
            plain.put(id);
            plain.putInt((int) entry.offset());
            plain.putInt(entry.length());
            plain.putInt(entry.plainLength());
        }
        int sealedLength = plain.capacity() + MasterKey.OVERHEAD;
        key.seal(plain.array(), 0, plain.capacity(), HEADER_AAD, out, position);
        ByteBuffer.wrap(out, position + sealedLength, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(sealedLength);
        return position + sealedLength + TRAILER;
    }

    /** Reads the header length from the last four bytes of a pack. */
    public static int headerLength(byte[] trailer, int offset) {
        return ByteBuffer.wrap(trailer, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /**
     * The name of a pack: the hex SHA-256 of its tail (the sealed header and the trailer). The header
     * lists every blob's id, and each blob is sealed with its id as associated data, so the tail
     * commits to the whole pack without hashing its data a second time (the blob ids already did).
     */
    public static String name(byte[] pack, int length) {
        int tail = tailStart(pack, length);
        return MasterKey.sha256Hex(pack, tail, length - tail);
    }

    /**
     * Whether {@code name} names these bytes: by their tail ({@link #name}), or by all of them as
     * packs written before tail naming were named.
     */
    public static boolean nameMatches(byte[] pack, int length, String name) {
        return tailStart(pack, length) > 0 && name(pack, length).equals(name)
                || MasterKey.sha256Hex(pack, 0, length).equals(name);
    }

    /** Where the sealed header starts, or 0 when the trailer does not describe a header inside the pack. */
    private static int tailStart(byte[] pack, int length) {
        if (length < TRAILER) {
            return 0;
        }
        int headerLength = headerLength(pack, length - TRAILER);
        if (headerLength < MasterKey.OVERHEAD + 1 || headerLength > length - TRAILER) {
            return 0;
        }
        return length - TRAILER - headerLength;
    }

    /**
     * Decrypts and parses a sealed header, checking that every blob lies inside the data part
     * ({@code dataLength} = pack size - header - trailer) and that blobs do not overlap.
     */
    public static List<PackEntry> parseHeader(MasterKey key, byte[] sealed, int offset, int length, long dataLength,
            String packName) throws RepositoryException {
        byte[] plain;
        try {
            plain = key.open(sealed, offset, length, HEADER_AAD);
        } catch (AEADBadTagException e) {
            throw new RepositoryException(Reason.CORRUPT, "the header of pack " + packName + " fails authentication", e);
        }
        if (plain.length < 1 || (plain.length - 1) % ENTRY_SIZE != 0) {
            throw new RepositoryException(Reason.CORRUPT, "the header of pack " + packName + " has a bad length");
        }
        if (plain[0] != VERSION) {
            throw new RepositoryException(Reason.UNSUPPORTED_VERSION,
                    "pack " + packName + " has header version " + plain[0]);
        }
        ByteBuffer buffer = ByteBuffer.wrap(plain, 1, plain.length - 1).order(ByteOrder.LITTLE_ENDIAN);
        int count = (plain.length - 1) / ENTRY_SIZE;
        List<PackEntry> entries = new ArrayList<>(count);
        byte[] id = new byte[32];
        long expectedOffset = 0;
        for (int i = 0; i < count; i++) {
            BlobType type = type(buffer.get() & 0xff);
            buffer.get(id);
            long blobOffset = buffer.getInt() & 0xffffffffL;
            long blobLength = buffer.getInt() & 0xffffffffL;
            long plainLength = buffer.getInt() & 0xffffffffL;
            if (blobOffset != expectedOffset || blobLength < MasterKey.OVERHEAD
                    || blobOffset + blobLength > dataLength || plainLength > Integer.MAX_VALUE
                    || blobLength > Integer.MAX_VALUE) {
                throw new RepositoryException(Reason.CORRUPT, "the header of pack " + packName
                        + " describes blob " + i + " outside the pack or overlapping another");
            }
            expectedOffset = blobOffset + blobLength;
            entries.add(new PackEntry(type, BlobId.of(id), blobOffset, (int) blobLength, (int) plainLength));
        }
        if (expectedOffset != dataLength) {
            throw new RepositoryException(Reason.CORRUPT,
                    "pack " + packName + " has " + (dataLength - expectedOffset) + " bytes its header does not describe");
        }
        return entries;
    }
}
