package io.shoebox.repository.internal.index;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.format.PackEntry;

/**
 * The in-memory index: blob id to (pack, offset, lengths), on primitive arrays.
 *
 * <p>Entries are appended pack by pack to segmented {@code long[]} arrays (six longs, 48 bytes,
 * per entry: the id as four longs, pack number and offset, encrypted and plaintext lengths), so the
 * entries of pack {@code p} are the range {@code packFirst[p] .. packFirst[p] + packCount[p]}. An
 * open-addressing {@code int[]} table (linear probing, load at most 3/4) maps ids to entry numbers;
 * a blob stored in several packs has several entries but the table points at the first (the
 * <em>canonical</em> one). Packs have their own arrays and table. About 57 bytes per blob.
 *
 * <p>Lookups run concurrently with additions: they read optimistically under a
 * {@link StampedLock} and fall back to the read lock; additions take the write lock.
 */
public final class BlobIndex {

    private static final int SEGMENT_BITS = 15;
    private static final int SEGMENT_ENTRIES = 1 << SEGMENT_BITS;
    private static final int SEGMENT_MASK = SEGMENT_ENTRIES - 1;
    private static final int LONGS = 6;
    private static final BlobType[] TYPES = BlobType.values();

    private final StampedLock lock = new StampedLock();

    // entries
    private long[][] segments = new long[0][];
    private int entries;
    private int[] table = new int[1024];
    private int blobs;

    // packs
    private long[] packIds = new long[4 * 16];
    private long[] packSizes = new long[16];
    private int[] packFirst = new int[16];
    private int[] packCount = new int[16];
    private byte[] packTypes = new byte[16];
    private int packs;
    private int[] packTable = new int[64];
    private long storedBytes;

    /** Where a blob is. */
    public record Location(byte[] packId, BlobType type, long offset, int length, int plainLength) {
        public String packHex() {
            return Hex.of(packId);
        }
    }

    // ---------------------------------------------------------------- lookups

    public boolean contains(BlobId id) {
        return entryOf(id) >= 0;
    }

    /** The canonical entry number of a blob, or -1. */
    public int entryOf(BlobId id) {
        byte[] bytes = null;
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                bytes = id.bytes();
                int entry = find(table, segments, bytes);
                if (lock.validate(stamp)) {
                    return entry;
                }
            } catch (RuntimeException raced) {
                // a concurrent addition moved the arrays: retry under the read lock
            }
        }
        stamp = lock.readLock();
        try {
            return find(table, segments, bytes == null ? id.bytes() : bytes);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Where the canonical copy of a blob is, or {@code null}. */
    public Location locate(BlobId id) {
        long stamp = lock.readLock();
        try {
            int entry = find(table, segments, id.bytes());
            if (entry < 0) {
                return null;
            }
            long[] segment = segments[entry >>> SEGMENT_BITS];
            int base = (entry & SEGMENT_MASK) * LONGS;
            int pack = (int) (segment[base + 4] >>> 32);
            long offset = segment[base + 4] & 0xffffffffL;
            int length = (int) (segment[base + 5] >>> 32);
            int plain = (int) segment[base + 5];
            return new Location(packIdBytes(pack), TYPES[packTypes[pack]], offset, length, plain);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private static int find(int[] table, long[][] segments, byte[] id) {
        long a = readLong(id, 0);
        int mask = table.length - 1;
        int slot = mix(a) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            int value = table[slot];
            if (value == 0) {
                return -1;
            }
            int entry = value - 1;
            long[] segment = segments[entry >>> SEGMENT_BITS];
            int base = (entry & SEGMENT_MASK) * LONGS;
            if (segment[base] == a && segment[base + 1] == readLong(id, 8) && segment[base + 2] == readLong(id, 16)
                    && segment[base + 3] == readLong(id, 24)) {
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static int mix(long value) {
        // ids are HMAC output, so any bits are uniform; fold for good measure
        return (int) (value ^ (value >>> 32));
    }

    static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    static void writeLong(long value, byte[] bytes, int offset) {
        for (int i = 7; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    // ---------------------------------------------------------------- additions

    /**
     * Adds a pack and its blobs. A pack already known is ignored.
     *
     * @return how many of its blobs were not indexed before, or -1 if the pack was known
     */
    public int addPack(byte[] packId, BlobType type, long packSize, List<PackEntry> contents) {
        long stamp = lock.writeLock();
        try {
            if (findPack(packId) >= 0) {
                return -1;
            }
            int pack = packs;
            if (pack == packSizes.length) {
                int capacity = pack + (pack >> 1) + 16;
                packIds = Arrays.copyOf(packIds, capacity * 4);
                packSizes = Arrays.copyOf(packSizes, capacity);
                packFirst = Arrays.copyOf(packFirst, capacity);
                packCount = Arrays.copyOf(packCount, capacity);
                packTypes = Arrays.copyOf(packTypes, capacity);
            }
            for (int i = 0; i < 4; i++) {
                packIds[pack * 4 + i] = readLong(packId, i * 8);
            }
            packSizes[pack] = packSize;
            packFirst[pack] = entries;
            packCount[pack] = contents.size();
            packTypes[pack] = (byte) type.ordinal();
            packs = pack + 1;
            storedBytes += packSize;
            if ((long) packs * 4 > (long) packTable.length * 3) {
                packTable = rehashPacks(packTable.length * 2);
            }
            insertPack(packTable, pack);

            int added = 0;
            ensureEntryCapacity(entries + contents.size());
            if ((long) (blobs + contents.size()) * 4 > (long) table.length * 3) {
                int size = table.length;
                while ((long) (blobs + contents.size()) * 4 > (long) size * 3) {
                    size *= 2;
                }
                table = rehash(size);
            }
            byte[] id = new byte[BlobId.LENGTH];
            for (PackEntry entry : contents) {
                entry.id().copyTo(id, 0);
                int number = entries++;
                long[] segment = segments[number >>> SEGMENT_BITS];
                int base = (number & SEGMENT_MASK) * LONGS;
                segment[base] = readLong(id, 0);
                segment[base + 1] = readLong(id, 8);
                segment[base + 2] = readLong(id, 16);
                segment[base + 3] = readLong(id, 24);
                segment[base + 4] = ((long) pack << 32) | (entry.offset() & 0xffffffffL);
                segment[base + 5] = ((long) entry.length() << 32) | (entry.plainLength() & 0xffffffffL);
                if (insert(table, segments, number, id)) {
                    added++;
                    blobs++;
                }
            }
            return added;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void ensureEntryCapacity(int needed) {
        int segmentsNeeded = (needed + SEGMENT_MASK) >>> SEGMENT_BITS;
        if (segmentsNeeded > segments.length) {
            long[][] grown = Arrays.copyOf(segments, segmentsNeeded);
            for (int i = segments.length; i < segmentsNeeded; i++) {
                grown[i] = new long[SEGMENT_ENTRIES * LONGS];
            }
            segments = grown;
        }
    }

    /** Inserts unless the id is present; returns whether it was inserted. */
    private static boolean insert(int[] table, long[][] segments, int number, byte[] id) {
        int mask = table.length - 1;
        long a = readLong(id, 0);
        int slot = mix(a) & mask;
        while (true) {
            int value = table[slot];
            if (value == 0) {
                table[slot] = number + 1;
                return true;
            }
            int entry = value - 1;
            long[] segment = segments[entry >>> SEGMENT_BITS];
            int base = (entry & SEGMENT_MASK) * LONGS;
            if (segment[base] == a && segment[base + 1] == readLong(id, 8) && segment[base + 2] == readLong(id, 16)
                    && segment[base + 3] == readLong(id, 24)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int[] rehash(int size) {
        int[] grown = new int[size];
        int mask = size - 1;
        for (int value : table) {
            if (value != 0) {
                int entry = value - 1;
                long a = segments[entry >>> SEGMENT_BITS][(entry & SEGMENT_MASK) * LONGS];
                int slot = mix(a) & mask;
                while (grown[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                grown[slot] = value;
            }
        }
        return grown;
    }

    private int findPack(byte[] packId) {
        long a = readLong(packId, 0);
        int mask = packTable.length - 1;
        int slot = mix(a) & mask;
        while (true) {
            int value = packTable[slot];
            if (value == 0) {
                return -1;
            }
            int pack = value - 1;
            if (packIds[pack * 4] == a && packIds[pack * 4 + 1] == readLong(packId, 8)
                    && packIds[pack * 4 + 2] == readLong(packId, 16) && packIds[pack * 4 + 3] == readLong(packId, 24)) {
                return pack;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void insertPack(int[] into, int pack) {
        int mask = into.length - 1;
        int slot = mix(packIds[pack * 4]) & mask;
        while (into[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        into[slot] = pack + 1;
    }

    private int[] rehashPacks(int size) {
        int[] grown = new int[size];
        for (int pack = 0; pack < packs; pack++) {
            insertPack(grown, pack);
        }
        return grown;
    }

    // ---------------------------------------------------------------- iteration (for index files, check, prune)

    public boolean hasPack(String packHex) {
        long stamp = lock.readLock();
        try {
            return findPack(Hex.parse(packHex)) >= 0;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Number of the pack, or -1. */
    public int packNumber(String packHex) {
        long stamp = lock.readLock();
        try {
            return findPack(Hex.parse(packHex));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int packCount() {
        long stamp = lock.readLock();
        try {
            return packs;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public byte[] packIdBytes(int pack) {
        byte[] id = new byte[32];
        for (int i = 0; i < 4; i++) {
            writeLong(packIds[pack * 4 + i], id, i * 8);
        }
        return id;
    }

    /** Pack facts; pack numbers are stable for the life of this index. */
    public String packHex(int pack) {
        long stamp = lock.readLock();
        try {
            return Hex.of(packIdBytes(pack));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public long packSize(int pack) {
        long stamp = lock.readLock();
        try {
            return packSizes[pack];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public BlobType packType(int pack) {
        long stamp = lock.readLock();
        try {
            return TYPES[packTypes[pack]];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The blobs of a pack as recorded (including copies of blobs that are also elsewhere). */
    public PackEntry[] packEntries(int pack) {
        long stamp = lock.readLock();
        try {
            int first = packFirst[pack];
            PackEntry[] result = new PackEntry[packCount[pack]];
            BlobType type = TYPES[packTypes[pack]];
            byte[] id = new byte[32];
            for (int i = 0; i < result.length; i++) {
                int number = first + i;
                long[] segment = segments[number >>> SEGMENT_BITS];
                int base = (number & SEGMENT_MASK) * LONGS;
                for (int j = 0; j < 4; j++) {
                    writeLong(segment[base + j], id, j * 8);
                }
                result[i] = new PackEntry(type, BlobId.of(id), segment[base + 4] & 0xffffffffL,
                        (int) (segment[base + 5] >>> 32), (int) segment[base + 5]);
            }
            return result;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** How many blobs the index lists in a pack (none for a pack named by a repair's tombstone). */
    public int packBlobCount(int pack) {
        long stamp = lock.readLock();
        try {
            return packCount[pack];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** First entry number of a pack (entry numbers of a pack are consecutive). */
    public int packFirstEntry(int pack) {
        long stamp = lock.readLock();
        try {
            return packFirst[pack];
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public int entryCount() {
        long stamp = lock.readLock();
        try {
            return entries;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    // ---------------------------------------------------------------- figures

    public long blobs() {
        long stamp = lock.readLock();
        try {
            return blobs;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    public long storedBytes() {
        long stamp = lock.readLock();
        try {
            return storedBytes;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Bytes taken by this index's arrays, counted from their lengths (plus array headers). */
    public long memoryBytes() {
        long stamp = lock.readLock();
        try {
            final long header = 16;
            long bytes = header + 8L * segments.length;
            for (long[] segment : segments) {
                bytes += header + 8L * segment.length;
            }
            bytes += header + 4L * table.length;
            bytes += header + 8L * packIds.length;
            bytes += header + 8L * packSizes.length;
            bytes += header + 4L * packFirst.length;
            bytes += header + 4L * packCount.length;
            bytes += header + packTypes.length;
            bytes += header + 4L * packTable.length;
            return bytes + 64; // this object and its lock
        } finally {
            lock.unlockRead(stamp);
        }
    }
}
