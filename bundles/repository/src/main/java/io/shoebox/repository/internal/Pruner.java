package io.shoebox.repository.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.log.Logger;

import io.shoebox.api.storage.StorageException;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository.ProgressListener;
import io.shoebox.repository.Repository.PruneResult;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.format.IndexFormat.IndexedPack;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.format.PackFormat;
import io.shoebox.repository.internal.index.BlobIndex;

/**
 * Prune under the exclusive lock, in an order a crash cannot turn into loss:
 * <ol>
 * <li>mark every blob reachable from a snapshot;</li>
 * <li>copy the used blobs of mostly-unused packs into new packs (uploaded, not yet indexed);</li>
 * <li>write a new complete index (kept packs and new packs);</li>
 * <li>delete the index files read in step 1;</li>
 * <li>delete unused and rewritten packs.</li>
 * </ol>
 * Until step 3 completes the old index is intact and every old pack exists; after it, the new
 * index alone describes everything referenced; packs deleted in step 5 are referenced by no index
 * that remains after step 4.
 */
final class Pruner {

    /** A pack whose used share of bytes is below this is rewritten. */
    static final double REWRITE_BELOW = 0.8;

    /** Points after which a test can simulate a crash. */
    enum Phase {
        PACKS_WRITTEN, INDEX_WRITTEN, OLD_INDEX_DELETED
    }

    /** Thrown at a simulated crash point. */
    static final class SimulatedCrash extends IOException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(Phase phase) {
            super("simulated crash after " + phase);
        }
    }

    private final DefaultRepository repository;
    private final Locks.Lease lease;
    private final ProgressListener progress;
    private final Phase crashAfter;
    private final Logger log;

    Pruner(DefaultRepository repository, Locks.Lease lease, ProgressListener progress, Phase crashAfter) {
        this.repository = repository;
        this.log = repository.log();
        this.lease = lease;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.crashAfter = crashAfter;
    }

    PruneResult run() throws IOException {
        lease.ensureValid();
        repository.reloadIndex();
        repository.adoptOrphans();
        BlobIndex index = repository.index();
        Set<String> oldIndexFiles = new HashSet<>(repository.indexFiles());
        List<SnapshotRef> snapshots = repository.snapshots();

        // 1. mark
        BitSet used = new BitSet(index.entryCount());
        Set<BlobId> seenTrees = new HashSet<>();
        long total = snapshots.size() * 2L;
        long done = 0;
        for (SnapshotRef ref : snapshots) {
            Deque<BlobId> queue = new ArrayDeque<>();
            queue.add(ref.snapshot().tree());
            while (!queue.isEmpty()) {
                BlobId treeId = queue.poll();
                if (!seenTrees.add(treeId)) {
                    continue;
                }
                mark(index, used, treeId, ref);
                Tree tree = repository.readTree(treeId);
                for (Node node : tree.nodes()) {
                    if (node.subtree() != null) {
                        queue.add(node.subtree());
                    }
                    for (BlobId blob : node.dataBlobs()) {
                        mark(index, used, blob, ref);
                    }
                }
            }
            progress.progress(++done, total);
        }

        // 2. plan
        int packs = index.packCount();
        List<Integer> delete = new ArrayList<>();
        List<Integer> rewrite = new ArrayList<>();
        List<IndexedPack> keep = new ArrayList<>();
        long blobsRemoved = 0;
        for (int pack = 0; pack < packs; pack++) {
            PackEntry[] entries = index.packEntries(pack);
            int first = index.packFirstEntry(pack);
            long usedBytes = 0;
            long dataBytes = 0;
            int usedCount = 0;
            for (int i = 0; i < entries.length; i++) {
                dataBytes += entries[i].length();
                if (used.get(first + i)) {
                    usedBytes += entries[i].length();
                    usedCount++;
                }
            }
            if (usedCount == 0) {
                delete.add(pack);
                blobsRemoved += entries.length;
            } else if (usedBytes < REWRITE_BELOW * dataBytes) {
                rewrite.add(pack);
                blobsRemoved += entries.length - usedCount;
            } else {
                keep.add(new IndexedPack(index.packIdBytes(pack), index.packType(pack), index.packSize(pack),
                        List.of(entries)));
            }
        }
        total = snapshots.size() + rewrite.size() + 3L;
        done = snapshots.size();
        progress.progress(done, total);
        log.info("prune: {} packs, {} to delete, {} to rewrite", packs, delete.size(), rewrite.size());

        // 3. rewrite: copy used blobs (authenticated, still encrypted) into new packs
        List<IndexedPack> written = new ArrayList<>();
        if (!rewrite.isEmpty()) {
            DefaultWriter writer = repository.repackWriter();
            try {
                for (int pack : rewrite) {
                    lease.ensureValid();
                    copyUsed(index, used, pack, writer);
                    progress.progress(++done, total);
                }
                written.addAll(writer.flushPacks());
            } finally {
                writer.close();
            }
        }
        crash(Phase.PACKS_WRITTEN);

        // 4. the new complete index
        lease.ensureValid();
        List<IndexedPack> complete = new ArrayList<>(keep);
        complete.addAll(written);
        List<String> newIndexFiles = repository.writeIndexReturningNames(complete);
        progress.progress(++done, total);
        crash(Phase.INDEX_WRITTEN);

        // 5. old index files go
        lease.ensureValid();
        for (String name : oldIndexFiles) {
            if (!newIndexFiles.contains(name)) {
                repository.storage().delete(DefaultRepository.INDEX + name);
                repository.uncache(Cache.INDEX, name);
            }
        }
        progress.progress(++done, total);
        crash(Phase.OLD_INDEX_DELETED);

        // 6. then the packs nothing indexes any more
        long freed = 0;
        List<Integer> obsolete = new ArrayList<>(delete);
        obsolete.addAll(rewrite);
        for (int pack : obsolete) {
            lease.ensureValid();
            String name = index.packHex(pack);
            repository.storage().delete(DefaultRepository.packKey(name));
            repository.uncache(Cache.PACKS, name);
            freed += index.packSize(pack);
        }
        for (IndexedPack pack : written) {
            freed -= pack.size();
        }
        progress.progress(++done, total);
        repository.reloadIndex();
        return new PruneResult(delete.size(), rewrite.size(), freed, blobsRemoved);
    }

    private static void mark(BlobIndex index, BitSet used, BlobId blob, SnapshotRef ref) throws RepositoryException {
        int entry = index.entryOf(blob);
        if (entry < 0) {
            throw new RepositoryException(Reason.CORRUPT, "blob " + blob + " used by snapshot " + ref.id()
                    + " is not in the index; prune stops without deleting anything (run check)");
        }
        used.set(entry);
    }

    private void copyUsed(BlobIndex index, BitSet used, int pack, DefaultWriter writer) throws IOException {
        String name = index.packHex(pack);
        byte[] bytes;
        try {
            bytes = DefaultRepository.readAll(repository.storage(), DefaultRepository.packKey(name));
        } catch (StorageException e) {
            throw new RepositoryException(Reason.CORRUPT, "pack " + name + " cannot be read for rewriting: "
                    + e.getMessage() + "; prune stops without deleting anything (run check)", e);
        }
        if (!PackFormat.nameMatches(bytes, bytes.length, name)) {
            log.warn("pack {} does not match its name; copying only blobs that authenticate", name);
        }
        PackEntry[] entries = index.packEntries(pack);
        int first = index.packFirstEntry(pack);
        for (int i = 0; i < entries.length; i++) {
            if (!used.get(first + i)) {
                continue;
            }
            PackEntry entry = entries[i];
            if (entry.offset() + entry.length() > bytes.length) {
                throw new RepositoryException(Reason.CORRUPT, "pack " + name + " is shorter than its index says");
            }
            byte[] sealed = java.util.Arrays.copyOfRange(bytes, (int) entry.offset(),
                    (int) entry.offset() + entry.length());
            repository.openBlob(entry.type(), entry.id(), sealed, entry.plainLength(), name); // authenticate
            writer.storeSealed(entry.type(), entry.id(), sealed, entry.plainLength());
        }
    }

    private void crash(Phase phase) throws SimulatedCrash {
        if (phase == crashAfter) {
            throw new SimulatedCrash(phase);
        }
    }
}
