package io.shoebox.repository.internal;

import static io.shoebox.repository.internal.DefaultRepository.DATA;
import static io.shoebox.repository.internal.DefaultRepository.INDEX;
import static io.shoebox.repository.internal.DefaultRepository.INDEX_FILE_BLOBS;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.osgi.service.log.Logger;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.IndexFormat;
import io.shoebox.repository.internal.format.IndexFormat.IndexedPack;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.format.PackFormat;
import io.shoebox.repository.internal.format.Sealed;
import io.shoebox.repository.internal.index.BlobIndex;

/**
 * The index files of {@code index/} and the in-memory index made of them (docs/repository-format.md
 * §6, §10). Files not yet loaded are read in parallel; new ones are written for the packs a writer
 * uploaded, at most {@link DefaultRepository#INDEX_FILE_BLOBS} blobs each; packs in {@code data/} that
 * no file lists are adopted from their headers. Keeps, for check, the index files that could not be
 * read and the packs that cannot be adopted.
 */
final class IndexFiles {

    /** Index files read at once. */
    private static final int LOADERS = 8;

    /** Whether adoption must wait: another process holds the exclusive lock and may be deleting packs. */
    @FunctionalInterface
    interface AdoptionGuard {
        boolean otherHoldsExclusive() throws IOException;
    }

    private final StoredObjects objects;
    private final MasterKey key;
    private final Cache cache;
    private final AdoptionGuard guard;
    private final Logger log;
    private volatile BlobIndex index = new BlobIndex();
    /** Index files whose content is in {@link #index}. */
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    /** Index files that could not be read, for check. */
    private final Set<String> damaged = ConcurrentHashMap.newKeySet();
    /** Packs found in data/ that are neither indexed nor adoptable, for check. */
    private final Set<String> unadoptable = ConcurrentHashMap.newKeySet();

    /** @param cache the local cache of index files, or {@code null} */
    IndexFiles(StoredObjects objects, MasterKey key, Cache cache, AdoptionGuard guard, Logger log) {
        this.objects = objects;
        this.key = key;
        this.cache = cache;
        this.guard = guard;
        this.log = log;
    }

    /** The index of every blob in the loaded index files and the adopted packs. */
    BlobIndex index() {
        return index;
    }

    /** Names of the index files whose content is in the index. */
    Set<String> loaded() {
        return loaded;
    }

    /** Names of the index files that could not be read; their packs are adopted from their headers. */
    Set<String> damaged() {
        return damaged;
    }

    /** Names of the packs that no index file lists and whose header cannot be read. */
    Set<String> unadoptable() {
        return unadoptable;
    }

    /** Loads the index files not loaded yet into the index, then adopts the packs none lists. */
    void refresh() throws IOException {
        load(index);
        adoptOrphans();
    }

    /** Replaces the index by one loaded afresh (after prune). */
    void reload() throws IOException {
        BlobIndex fresh = new BlobIndex();
        loaded.clear();
        damaged.clear();
        load(fresh);
        index = fresh;
    }

    private void load(BlobIndex into) throws IOException {
        List<ObjectInfo> listed = objects.list(INDEX);
        Set<String> names = new HashSet<>();
        List<String> toLoad = new ArrayList<>();
        for (ObjectInfo object : listed) {
            String name = object.key().substring(INDEX.length());
            names.add(name);
            if (!loaded.contains(name)) {
                toLoad.add(name);
            }
        }
        if (cache != null) {
            cache.retain(Cache.INDEX, names);
        }
        if (toLoad.isEmpty()) {
            return;
        }
        ExecutorService pool = Threads.pool("index-load", Math.min(LOADERS, toLoad.size()));
        try {
            List<Future<List<IndexedPack>>> futures = new ArrayList<>();
            for (String name : toLoad) {
                futures.add(pool.submit(() -> read(name)));
            }
            for (int i = 0; i < toLoad.size(); i++) {
                String name = toLoad.get(i);
                try {
                    for (IndexedPack pack : futures.get(i).get()) {
                        into.addPack(pack.id(), pack.type(), pack.size(), pack.blobs());
                    }
                    loaded.add(name);
                    damaged.remove(name);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof StorageException storageFailure && storageFailure.kind() == Kind.NOT_FOUND) {
                        continue; // deleted meanwhile (prune)
                    }
                    if (cause instanceof RepositoryException repositoryFailure
                            && repositoryFailure.reason() == Reason.CORRUPT) {
                        log.warn("index file {} is damaged; its packs are re-indexed from their headers", name);
                        damaged.add(name);
                        continue;
                    }
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("reading index file " + name + " failed", cause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading the index");
        } finally {
            pool.shutdownNow();
        }
    }

    /** The packs one index file lists, from the cache when it has the file. */
    List<IndexedPack> read(String name) throws IOException {
        byte[] bytes = cache == null ? null : cache.get(Cache.INDEX, name);
        if (bytes == null) {
            bytes = objects.readAll(INDEX + name);
            if (cache != null) {
                cache.put(Cache.INDEX, name, bytes, bytes.length);
            }
        }
        return IndexFormat.decode(Sealed.INDEX.open(key, bytes, INDEX + name), INDEX + name);
    }

    /**
     * Indexes packs in data/ that no index file lists: a writer that stopped before its flush left
     * them. Skipped while another process holds the exclusive lock (prune may be deleting them).
     */
    void adoptOrphans() throws IOException {
        List<ObjectInfo> orphans = new ArrayList<>();
        BlobIndex current = index;
        for (ObjectInfo object : objects.list(DATA)) {
            String name = DefaultRepository.packName(object.key());
            if (Hex.isId(name) && !current.hasPack(name)) {
                orphans.add(object);
            }
        }
        if (orphans.isEmpty()) {
            unadoptable.clear();
            return;
        }
        if (guard.otherHoldsExclusive()) {
            log.info("{} unindexed pack(s) left alone while another process holds the exclusive lock", orphans.size());
            return;
        }
        List<IndexedPack> adopted = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (ObjectInfo object : orphans) {
            String name = DefaultRepository.packName(object.key());
            try {
                List<PackEntry> entries = readPackHeader(object.key(), object.size());
                adopted.add(new IndexedPack(Hex.parse(name), entries.isEmpty() ? BlobType.DATA : entries.get(0).type(),
                        object.size(), entries));
            } catch (RepositoryException | StorageException e) {
                if (e instanceof StorageException s && s.kind() == Kind.NOT_FOUND) {
                    continue;
                }
                log.warn("pack {} is not indexed and cannot be adopted: {}", name, e.getMessage());
                failed.add(name);
            }
        }
        unadoptable.clear();
        unadoptable.addAll(failed);
        if (!adopted.isEmpty()) {
            write(adopted);
            for (IndexedPack pack : adopted) {
                current.addPack(pack.id(), pack.type(), pack.size(), pack.blobs());
            }
            log.info("adopted {} pack(s) that no index listed", adopted.size());
        }
    }

    /** Reads and authenticates a pack's header with two ranged reads. */
    List<PackEntry> readPackHeader(String packKey, long size) throws IOException {
        String name = DefaultRepository.packName(packKey);
        if (size < PackFormat.tailLength(0)) {
            throw new RepositoryException(Reason.CORRUPT, "pack " + name + " is too short (" + size + " bytes)");
        }
        byte[] trailer = objects.readRange(packKey, size - 4, 4);
        int headerLength = PackFormat.headerLength(trailer, 0);
        if (headerLength < MasterKey.OVERHEAD + 1 || headerLength > size - 4) {
            throw new RepositoryException(Reason.CORRUPT, "pack " + name + " has an invalid header length");
        }
        byte[] header = objects.readRange(packKey, size - 4 - headerLength, headerLength);
        List<PackEntry> entries = PackFormat.parseHeader(key, header, 0, headerLength, size - 4 - headerLength, name);
        BlobType type = null;
        for (PackEntry entry : entries) {
            if (type != null && entry.type() != type) {
                throw new RepositoryException(Reason.CORRUPT, "pack " + name + " mixes blob types");
            }
            type = entry.type();
        }
        return entries;
    }

    /** Writes index files for packs (split so no file is huge); returns the bytes written. */
    long write(List<IndexedPack> packs) throws IOException {
        long written = 0;
        List<IndexedPack> batch = new ArrayList<>();
        int blobs = 0;
        for (IndexedPack pack : packs) {
            if (!batch.isEmpty() && blobs + pack.blobs().size() > INDEX_FILE_BLOBS) {
                written += writeFile(batch);
                batch = new ArrayList<>();
                blobs = 0;
            }
            batch.add(pack);
            blobs += pack.blobs().size();
        }
        if (!batch.isEmpty()) {
            written += writeFile(batch);
        }
        return written;
    }

    /** Writes one index file; returns its size. The name is added to the loaded set. */
    private long writeFile(List<IndexedPack> packs) throws IOException {
        byte[] sealed = Sealed.INDEX.seal(key, IndexFormat.encode(packs));
        String name = MasterKey.sha256Hex(sealed, 0, sealed.length);
        objects.createWithRetry(INDEX + name, sealed, sealed.length);
        loaded.add(name);
        if (cache != null) {
            cache.put(Cache.INDEX, name, sealed, sealed.length);
        }
        return sealed.length;
    }

    /** Writes index files for packs; returns the names of the files written (for prune's bookkeeping). */
    List<String> writeReturningNames(List<IndexedPack> packs) throws IOException {
        Set<String> before = new HashSet<>(loaded);
        write(packs);
        List<String> names = new ArrayList<>(loaded);
        names.removeAll(before);
        return names;
    }
}
