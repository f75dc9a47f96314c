package io.shoebox.repository.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.log.Logger;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.StorageException;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.crypto.Compression;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.IndexFormat.IndexedPack;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.format.PackFormat;
import io.shoebox.repository.internal.format.TreeFormat;

/**
 * Packs blobs per type, encrypts them straight into the pack buffer and uploads full packs on a
 * small pool of threads. Memory is bounded by a semaphore on packs in existence (being filled,
 * queued or uploading): {@code storeBlob} blocks when all are taken.
 */
final class DefaultWriter implements RepositoryWriter {

    /** Upload threads, numbered across all writers. */
    private static final ThreadFactory UPLOADERS = Threads.named("upload");

    private final DefaultRepository repository;
    private final MasterKey key;
    private final int packSize;
    private final RepositoryOptions options;
    private final Logger log;
    private final boolean dedupAgainstIndex;
    private final ExecutorService uploaders;
    private final Semaphore packPermits;
    private final ConcurrentLinkedQueue<byte[]> bufferPool = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<BlobId, Boolean> pending = new ConcurrentHashMap<>();
    private final Packer[] packers = {new Packer(BlobType.DATA), new Packer(BlobType.TREE)};
    private final ConcurrentLinkedQueue<IndexedPack> uploadedSinceFlush = new ConcurrentLinkedQueue<>();
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesUploaded = new AtomicLong();
    private final AtomicLong packsUploaded = new AtomicLong();
    private volatile IOException failure;
    private volatile boolean closed;

    DefaultWriter(DefaultRepository repository, boolean dedupAgainstIndex) {
        this.repository = repository;
        this.key = repository.masterKey();
        this.packSize = repository.packSize();
        this.options = repository.options();
        this.log = repository.log();
        this.dedupAgainstIndex = dedupAgainstIndex;
        int threads = Math.max(1, options.uploaders());
        this.packPermits = new Semaphore(threads + Math.max(0, options.queuedPacks()) + 2);
        this.uploaders = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                UPLOADERS);
    }

    // ---------------------------------------------------------------- storing

    @Override
    public Stored storeBlob(BlobType type, byte[] data, int offset, int length) throws IOException {
        ensureUsable();
        BlobId id = key.blobId(data, offset, length);
        if ((dedupAgainstIndex && repository.index().contains(id)) || pending.putIfAbsent(id, Boolean.TRUE) != null) {
            return new Stored(id, false, length);
        }
        boolean done = false;
        try {
            byte[] aad = PackFormat.blobAad(type, id);
            if (type == BlobType.DATA) {
                int sealedLength = length + MasterKey.OVERHEAD;
                Reservation room = packers[0].reserve(id, sealedLength, length);
                try {
                    key.seal(data, offset, length, aad, room.pack().buffer, room.offset());
                } finally {
                    packers[0].written(room.pack());
                }
            } else {
                byte[] compressed = Compression.compress(data, offset, length, 0);
                byte[] sealed = key.seal(compressed, 0, compressed.length, aad);
                packers[1].append(id, sealed, length);
            }
            done = true;
            return new Stored(id, true, length);
        } finally {
            if (!done) {
                pending.remove(id);
            }
        }
    }

    /** Stores an already sealed blob (prune's repacking); no check against the index. */
    void storeSealed(BlobType type, BlobId id, byte[] sealed, int plainLength) throws IOException {
        ensureUsable();
        if (pending.putIfAbsent(id, Boolean.TRUE) != null) {
            return;
        }
        packers[type == BlobType.DATA ? 0 : 1].append(id, sealed, plainLength);
    }

    @Override
    public BlobId storeTree(Tree tree) throws IOException {
        byte[] json = TreeFormat.encode(tree);
        return storeBlob(BlobType.TREE, json, 0, json.length).id();
    }

    @Override
    public void flush() throws IOException {
        List<IndexedPack> packs = flushPacks();
        if (!packs.isEmpty()) {
            bytesUploaded.addAndGet(repository.writeIndex(packs));
        }
    }

    /** Uploads every pending pack and returns the packs uploaded since the last call (not yet indexed). */
    List<IndexedPack> flushPacks() throws IOException {
        ensureUsable();
        for (Packer packer : packers) {
            packer.sealCurrent();
        }
        for (CompletableFuture<Void> future : new ArrayList<>(inFlight)) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for uploads");
            } catch (ExecutionException e) {
                // reported through failure below
            }
        }
        ensureUsable();
        List<IndexedPack> packs = new ArrayList<>();
        IndexedPack pack;
        while ((pack = uploadedSinceFlush.poll()) != null) {
            packs.add(pack);
        }
        return packs;
    }

    @Override
    public String commit(Snapshot snapshot) throws IOException {
        flush();
        return repository.writeSnapshot(snapshot);
    }

    @Override
    public long bytesUploaded() {
        return bytesUploaded.get();
    }

    @Override
    public long packsUploaded() {
        return packsUploaded.get();
    }

    void countIndexBytes(long bytes) {
        bytesUploaded.addAndGet(bytes);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        uploaders.shutdownNow();
        try {
            uploaders.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<IndexedPack> packs = new ArrayList<>();
        IndexedPack pack;
        while ((pack = uploadedSinceFlush.poll()) != null) {
            packs.add(pack);
        }
        bufferPool.clear();
        if (!packs.isEmpty() && dedupAgainstIndex) {
            try {
                repository.writeIndex(packs); // uploaded packs stay usable without adoption
            } catch (IOException e) {
                log.warn("could not write the index of the last packs; they are adopted at next open", e);
            }
        }
    }

    private void ensureUsable() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw new IOException("the writer failed earlier and cannot continue: " + failed.getMessage(), failed);
        }
        if (closed) {
            throw new IOException("the writer is closed");
        }
    }

    private void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    // ---------------------------------------------------------------- packs

    /** A pack being filled. */
    private static final class Pack {
        final BlobType type;
        byte[] buffer;
        int position;
        int writers;
        boolean sealed;
        final List<PackEntry> entries = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pack(BlobType type, byte[] buffer) {
            this.type = type;
            this.buffer = buffer;
        }
    }

    /** Room in a pack for one blob. */
    private record Reservation(Pack pack, int offset) {
    }

    private final class Packer {
        private final BlobType type;
        private Pack current;

        Packer(BlobType type) {
            this.type = type;
        }

        /** Reserves room for a blob the caller encrypts in place, then calls {@link #written}. */
        synchronized Reservation reserve(BlobId id, int sealedLength, int plainLength) throws IOException {
            Pack pack = room(sealedLength);
            int at = pack.position;
            pack.position += sealedLength;
            pack.writers++;
            pack.entries.add(new PackEntry(type, id, at, sealedLength, plainLength));
            return new Reservation(pack, at);
        }

        void written(Pack pack) throws IOException {
            boolean submit;
            synchronized (this) {
                pack.writers--;
                submit = pack.sealed && pack.writers == 0;
            }
            if (submit) {
                submit(pack);
            }
        }

        /** Copies a sealed blob into the pack. */
        synchronized void append(BlobId id, byte[] sealed, int plainLength) throws IOException {
            {
                Pack pack = room(sealed.length);
                int needed = pack.position + sealed.length + PackFormat.tailLength(pack.entries.size() + 1);
                if (needed > pack.buffer.length) {
                    pack.buffer = java.util.Arrays.copyOf(pack.buffer,
                            Math.max(needed, Math.min(Math.max(packSize, needed), pack.buffer.length * 2)));
                }
                System.arraycopy(sealed, 0, pack.buffer, pack.position, sealed.length);
                pack.entries.add(new PackEntry(type, id, pack.position, sealed.length, plainLength));
                pack.position += sealed.length;
            }
        }

        /**
         * The current pack if the blob fits, else a new one (the full one is sealed and submitted
         * once its writers are done). Blocks while too many packs exist.
         */
        private Pack room(int sealedLength) throws IOException {
            Pack pack = current;
            if (pack != null) {
                int limit = Math.max(packSize, pack.buffer.length);
                if (type == BlobType.TREE) {
                    limit = packSize;
                }
                if (!pack.entries.isEmpty()
                        && pack.position + sealedLength + PackFormat.tailLength(pack.entries.size() + 1) > limit) {
                    pack.sealed = true;
                    inFlight.add(pack.done);
                    current = null;
                    if (pack.writers == 0) {
                        submit(pack); // queued, never run on this thread
                    }
                }
            }
            if (current == null) {
                acquirePermit();
                int needed = sealedLength + PackFormat.tailLength(1);
                byte[] buffer;
                if (type == BlobType.DATA) {
                    buffer = needed <= packSize ? takeBuffer() : new byte[needed];
                } else {
                    buffer = new byte[Math.min(packSize, Math.max(needed, 256 * 1024))];
                    if (buffer.length < needed) {
                        buffer = new byte[needed];
                    }
                }
                current = new Pack(type, buffer);
            }
            return current;
        }

        /** Seals the pack being filled, if any, for a flush. */
        void sealCurrent() throws IOException {
            Pack toSubmit = null;
            synchronized (this) {
                Pack pack = current;
                if (pack != null && !pack.entries.isEmpty()) {
                    pack.sealed = true;
                    inFlight.add(pack.done);
                    current = null;
                    if (pack.writers == 0) {
                        toSubmit = pack;
                    }
                }
            }
            if (toSubmit != null) {
                submit(toSubmit);
            }
        }
    }

    private void submit(Pack pack) {
        try {
            uploaders.execute(() -> upload(pack));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            fail(new IOException("the writer is closed"));
            release(pack);
            pack.done.completeExceptionally(e);
        }
    }

    private void acquirePermit() throws IOException {
        try {
            packPermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for uploads");
        }
        ensureUsableAfterPermit();
    }

    private void ensureUsableAfterPermit() throws IOException {
        if (failure != null || closed) {
            packPermits.release();
            ensureUsable();
        }
    }

    private byte[] takeBuffer() {
        byte[] buffer = bufferPool.poll();
        return buffer != null ? buffer : new byte[packSize];
    }

    private void release(Pack pack) {
        if (pack.type == BlobType.DATA && pack.buffer.length == packSize && !closed) {
            bufferPool.offer(pack.buffer);
        }
        pack.buffer = null;
        packPermits.release();
        inFlight.remove(pack.done);
    }

    private void upload(Pack pack) {
        try {
            if (failure != null) {
                throw failure;
            }
            int end = PackFormat.writeTail(key, pack.entries, pack.buffer, pack.position);
            String name = PackFormat.name(pack.buffer, end);
            repository.createWithRetry(DefaultRepository.packKey(name), pack.buffer, end);
            if (pack.type == BlobType.TREE) {
                repository.cachePack(name, pack.buffer, end);
            }
            byte[] packId = Hex.parse(name);
            repository.index().addPack(packId, pack.type, end, pack.entries);
            uploadedSinceFlush.add(new IndexedPack(packId, pack.type, end, List.copyOf(pack.entries)));
            for (PackEntry entry : pack.entries) {
                pending.remove(entry.id());
            }
            bytesUploaded.addAndGet(end);
            packsUploaded.incrementAndGet();
            release(pack);
            pack.done.complete(null);
        } catch (IOException | RuntimeException e) {
            IOException cause = e instanceof IOException io ? io
                    : new RepositoryException(Reason.CORRUPT, "packing failed: " + e, e);
            if (!closed) {
                log.error("uploading a pack failed; the writer stops", e);
            }
            fail(cause);
            release(pack);
            pack.done.completeExceptionally(cause);
        }
    }

    /** Content of a range of an array, for uploads without a copy. */
    static ByteSource source(byte[] bytes, int length) {
        return new ByteSource() {
            @Override
            public long size() {
                return length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes, 0, length);
            }
        };
    }

    static boolean isTransient(IOException e) {
        return e instanceof StorageException storage && storage.isTransient();
    }
}
