package io.shoebox.repository.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.StorageException;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository.CheckResult;
import io.shoebox.repository.Repository.ProgressListener;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.format.PackFormat;
import io.shoebox.repository.internal.index.BlobIndex;

/** Structure check and, for a fraction of packs, a full re-read. */
final class Checker {

    /** Detailed messages per kind of problem before they are only counted. */
    private static final int DETAIL_LIMIT = 200;

    private final DefaultRepository repository;
    private final double readFraction;
    private final ProgressListener progress;
    private final List<String> errors = new ArrayList<>();
    private final Set<String> damagedPacks = new LinkedHashSet<>();
    private final Set<BlobId> damagedBlobs = new LinkedHashSet<>();
    private int missingBlobMessages;

    Checker(DefaultRepository repository, double readFraction, ProgressListener progress) {
        this.repository = repository;
        this.readFraction = Math.max(0, Math.min(1, readFraction));
        this.progress = progress;
    }

    CheckResult run() throws IOException {
        repository.refresh();
        BlobIndex index = repository.index();
        for (String name : repository.damagedIndexFiles()) {
            errors.add("index file " + name + " is damaged (its packs were re-indexed from their headers)");
        }
        for (String name : repository.unadoptablePacks()) {
            errors.add("pack " + name + " is not indexed and its header is unreadable: it is damaged or incomplete");
            damagedPacks.add(name);
        }

        // packs: every indexed pack exists with its recorded size
        Map<String, Long> stored = new HashMap<>();
        for (ObjectInfo object : DefaultRepository.list(repository.storage(), DefaultRepository.DATA)) {
            stored.put(DefaultRepository.packName(object.key()), object.size());
        }
        int packs = index.packCount();
        for (int pack = 0; pack < packs; pack++) {
            String name = index.packHex(pack);
            Long size = stored.get(name);
            if (index.packBlobCount(pack) == 0) {
                errors.add("an index file names pack " + name + " without blobs: a repair found it damaged and did "
                        + "not finish" + (size == null ? " (the pack is already removed)" : "") + "; run repair again");
                damagedPacks.add(name);
                continue;
            }
            if (size == null) {
                errors.add("pack " + name + " is missing from the storage");
                damagePack(index, pack);
            } else if (size != index.packSize(pack)) {
                errors.add("pack " + name + " has " + size + " bytes where the index says " + index.packSize(pack));
                damagePack(index, pack);
            }
        }

        // snapshots and the trees reachable from them
        List<SnapshotRef> snapshots = new ArrayList<>();
        for (ObjectInfo object : DefaultRepository.list(repository.storage(), DefaultRepository.SNAPSHOTS)) {
            String name = object.key().substring(DefaultRepository.SNAPSHOTS.length());
            try {
                snapshots.add(new SnapshotRef(name, repository.loadSnapshot(name)));
            } catch (RepositoryException e) {
                errors.add("snapshot " + name + " cannot be read: " + e.getMessage());
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        int readPacks = readFraction > 0 ? Math.max(1, (int) Math.ceil(readFraction * packs)) : 0;
        long total = snapshots.size() + readPacks;
        long done = 0;
        Set<BlobId> seenTrees = new HashSet<>();
        for (SnapshotRef ref : snapshots) {
            Deque<BlobId> queue = new ArrayDeque<>();
            queue.add(ref.snapshot().tree());
            while (!queue.isEmpty()) {
                BlobId treeId = queue.poll();
                if (!seenTrees.add(treeId)) {
                    continue;
                }
                if (!index.contains(treeId)) {
                    errors.add("tree " + treeId + " (snapshot " + ref.id() + ") is not in the index");
                    damagedBlobs.add(treeId);
                    continue;
                }
                Tree tree;
                try {
                    tree = repository.readTree(treeId);
                } catch (RepositoryException | StorageException e) {
                    errors.add("tree " + treeId + " (snapshot " + ref.id() + ") cannot be read: " + e.getMessage());
                    damagedBlobs.add(treeId);
                    continue;
                }
                for (Node node : tree.nodes()) {
                    if (node.subtree() != null) {
                        queue.add(node.subtree());
                    }
                    for (BlobId blob : node.dataBlobs()) {
                        if (!index.contains(blob) && damagedBlobs.add(blob)) {
                            if (missingBlobMessages++ < DETAIL_LIMIT) {
                                errors.add("data blob " + blob + " of '" + node.name() + "' (tree " + treeId
                                        + ") is not in the index");
                            }
                        }
                    }
                }
            }
            progress.progress(++done, total);
        }
        if (missingBlobMessages > DETAIL_LIMIT) {
            errors.add((missingBlobMessages - DETAIL_LIMIT) + " more data blobs are not in the index");
        }

        // re-read a random fraction of the packs
        List<Integer> order = new ArrayList<>();
        for (int pack = 0; pack < packs; pack++) {
            order.add(pack);
        }
        Collections.shuffle(order, new SecureRandom());
        long packsRead = 0;
        for (int i = 0; i < readPacks && i < order.size(); i++) {
            int pack = order.get(i);
            String name = index.packHex(pack);
            if (!damagedPacks.contains(name)) {
                readPack(index, pack, name);
                packsRead++;
            }
            progress.progress(++done, total);
        }
        return new CheckResult(List.copyOf(errors), List.copyOf(damagedPacks), List.copyOf(damagedBlobs), packsRead);
    }

    private void damagePack(BlobIndex index, int pack) {
        damagedPacks.add(index.packHex(pack));
        for (PackEntry entry : index.packEntries(pack)) {
            damagedBlobs.add(entry.id());
        }
    }

    private void readPack(BlobIndex index, int pack, String name) throws IOException {
        byte[] bytes;
        try {
            bytes = DefaultRepository.readAll(repository.storage(), DefaultRepository.packKey(name));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                errors.add("pack " + name + " is missing from the storage");
                damagePack(index, pack);
                return;
            }
            throw e;
        }
        boolean nameMatches = PackFormat.nameMatches(bytes, bytes.length, name);
        if (!nameMatches) {
            errors.add("pack " + name + " does not match its name (SHA-256 of its header): its bytes were changed");
            damagedPacks.add(name);
        }
        List<PackEntry> header;
        try {
            if (bytes.length < PackFormat.tailLength(0)) {
                throw new RepositoryException(RepositoryException.Reason.CORRUPT, "pack " + name + " is too short");
            }
            int headerLength = PackFormat.headerLength(bytes, bytes.length - 4);
            if (headerLength < MasterKey.OVERHEAD + 1 || headerLength > bytes.length - 4) {
                throw new RepositoryException(RepositoryException.Reason.CORRUPT,
                        "pack " + name + " has an invalid header length");
            }
            header = PackFormat.parseHeader(repository.masterKey(), bytes, bytes.length - 4 - headerLength,
                    headerLength, bytes.length - 4 - headerLength, name);
        } catch (RepositoryException e) {
            errors.add(e.getMessage());
            damagePack(index, pack);
            return;
        }
        Set<BlobId> inHeader = new HashSet<>();
        for (PackEntry entry : header) {
            inHeader.add(entry.id());
            byte[] sealed = java.util.Arrays.copyOfRange(bytes, (int) entry.offset(),
                    (int) (entry.offset() + entry.length()));
            try {
                byte[] plain = repository.openBlob(entry.type(), entry.id(), sealed, entry.plainLength(), name);
                byte[] id = repository.masterKey().mac(plain, 0, plain.length);
                if (!java.util.Arrays.equals(id, entry.id().bytes())) {
                    throw new RepositoryException(RepositoryException.Reason.CORRUPT,
                            "blob " + entry.id() + " in pack " + name + " does not match its id");
                }
            } catch (RepositoryException e) {
                errors.add(e.getMessage());
                damagedPacks.add(name);
                damagedBlobs.add(entry.id());
            }
        }
        for (PackEntry entry : index.packEntries(pack)) {
            if (!inHeader.contains(entry.id())) {
                errors.add("the index lists blob " + entry.id() + " in pack " + name + " but its header does not");
                damagedPacks.add(name);
                damagedBlobs.add(entry.id());
            }
        }
        if (!nameMatches && header.stream().noneMatch(entry -> damagedBlobs.contains(entry.id()))) {
            // every blob authenticates: the change hit no blob (for example the length field was restored)
            errors.add("pack " + name + " is damaged outside its blobs; its blobs are intact");
        }
    }
}
