package io.shoebox.repository.internal.format;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;

/**
 * Body of an index file (before compression and encryption), little-endian:
 * {@code u8 version(1), u32 packCount}, then per pack {@code id[32], u8 type, u64 size, u32 blobCount}
 * and per blob {@code id[32], u32 offset, u32 length, u32 plainLength}.
 */
public final class IndexFormat {

    public static final int VERSION = 1;

    /** One pack as an index file lists it. */
    public record IndexedPack(byte[] id, BlobType type, long size, List<PackEntry> blobs) {
    }

    private IndexFormat() {
    }

    public static byte[] encode(List<IndexedPack> packs) {
        long length = 5;
        for (IndexedPack pack : packs) {
            length += 32 + 1 + 8 + 4 + (long) pack.blobs().size() * 44;
        }
        if (length > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("index file too large; split it");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) VERSION);
        buffer.putInt(packs.size());
        byte[] id = new byte[32];
        for (IndexedPack pack : packs) {
            buffer.put(pack.id());
            buffer.put((byte) PackFormat.typeCode(pack.type()));
            buffer.putLong(pack.size());
            buffer.putInt(pack.blobs().size());
            for (PackEntry blob : pack.blobs()) {
                blob.id().copyTo(id, 0);
                buffer.put(id);
                buffer.putInt((int) blob.offset());
                buffer.putInt(blob.length());
                buffer.putInt(blob.plainLength());
            }
        }
        return buffer.array();
    }

    public static List<IndexedPack> decode(byte[] body, String name) throws RepositoryException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            int version = buffer.get() & 0xff;
            if (version != VERSION) {
                throw new RepositoryException(Reason.UNSUPPORTED_VERSION,
                        "index file " + name + " has version " + version + ", which this version does not know");
            }
            int count = buffer.getInt();
            if (count < 0 || count > body.length / 45) {
                throw new RepositoryException(Reason.CORRUPT, "index file " + name + " has a bad pack count");
            }
            List<IndexedPack> packs = new ArrayList<>(count);
            byte[] id = new byte[32];
            for (int i = 0; i < count; i++) {
                byte[] packId = new byte[32];
                buffer.get(packId);
                BlobType type = PackFormat.type(buffer.get() & 0xff);
                long size = buffer.getLong();
                int blobs = buffer.getInt();
                if (blobs < 0 || blobs > buffer.remaining() / 44) {
                    throw new RepositoryException(Reason.CORRUPT, "index file " + name + " has a bad blob count");
                }
                List<PackEntry> entries = new ArrayList<>(blobs);
                for (int j = 0; j < blobs; j++) {
                    buffer.get(id);
                    long offset = buffer.getInt() & 0xffffffffL;
                    int length = buffer.getInt();
                    int plain = buffer.getInt();
                    entries.add(new PackEntry(type, BlobId.of(id), offset, length, plain));
                }
                packs.add(new IndexedPack(packId, type, size, entries));
            }
            if (buffer.hasRemaining()) {
                throw new RepositoryException(Reason.CORRUPT, "index file " + name + " has trailing bytes");
            }
            return packs;
        } catch (BufferUnderflowException e) {
            throw new RepositoryException(Reason.CORRUPT, "index file " + name + " is truncated", e);
        }
    }
}
