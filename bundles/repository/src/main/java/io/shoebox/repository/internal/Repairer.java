package io.shoebox.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.service.log.Logger;

import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository.ProgressListener;
import io.shoebox.repository.Repository.RepairOptions;
import io.shoebox.repository.Repository.RepairResult;
import io.shoebox.repository.Repository.RewrittenSnapshot;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.IndexFormat;
import io.shoebox.repository.internal.format.IndexFormat.IndexedPack;
import io.shoebox.repository.internal.format.Json;
import io.shoebox.repository.internal.format.PackEntry;
import io.shoebox.repository.internal.format.PackFormat;
import io.shoebox.repository.internal.format.Sealed;
import io.shoebox.repository.internal.index.BlobIndex;

/**
 * Repair under the exclusive lock, in an order a crash cannot turn into loss (format spec,
 * "Repair"):
 * <ol>
 * <li>read every index file (the old index) and every pack's header, and with {@code readData}
 * every pack's data; a pack is intact or damaged;</li>
 * <li>copy the blobs of damaged packs that still authenticate and hash to their id into new packs
 * (uploaded, not yet indexed);</li>
 * <li>write the new index (intact packs and new packs) and a <em>tombstone</em> index file that lists
 * each damaged pack without blobs, so that nothing adopts a damaged pack once the old index is gone;</li>
 * <li>delete the old index files;</li>
 * <li>delete the damaged packs;</li>
 * <li>delete the tombstone file;</li>
 * <li>with {@code rewriteSnapshots}, write each snapshot that refers to lost data again without the
 * files that lost it, then delete the original.</li>
 * </ol>
 * Until step 3 completes the old index is intact and every old pack exists; from then on the new
 * index lists a copy of every blob that survived, and the damaged packs are named by an index (the
 * old one or the tombstone) until they are deleted. A second run finishes what a crash interrupted.
 * On a sound repository nothing is written.
 */
final class Repairer {

    /** Packs up to this size are read whole when their data is read; larger ones blob by blob. */
    static final long WHOLE_READ_LIMIT = 64L * 1024 * 1024;
    /** Lost files named per rewritten snapshot. */
    static final int LOST_FILES_LISTED = 1000;
    /** Tag added to a snapshot written by a repair. */
    static final String REPAIRED_TAG = "repaired";
    /** Stat of a snapshot written by a repair: files left out because their data was lost. */
    static final String FILES_LOST = "filesLost";
    /** How a lost folder or root is named among the lost files. */
    static final String ROOT = "/";

    /** Points after which a test can simulate a crash. */
    enum Phase {
        /** Blobs copied out of damaged packs are uploaded in new packs, which no index lists yet. */
        PACKS_WRITTEN,
        /** The new index and the tombstone file are written; the old index files remain. */
        INDEX_WRITTEN,
        /** The old index files are deleted; the damaged packs remain, named by the tombstone file. */
        OLD_INDEX_DELETED,
        /** The damaged packs are deleted; the tombstone file remains. */
        DAMAGED_PACKS_DELETED,
        /** The first replacement snapshot is written; the snapshot it replaces remains. */
        SNAPSHOT_WRITTEN
    }

    /** Thrown at a simulated crash point. */
    static final class SimulatedCrash extends IOException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(Phase phase) {
            super("simulated crash after " + phase);
        }
    }

    private final DefaultRepository repository;
    private final Storage storage;
    private final MasterKey key;
    private final Locks.Lease lease;
    private final RepairOptions options;
    private final ProgressListener progress;
    private final Phase crashAfter;
    private final long wholeReadLimit;
    private final Logger log;

    /** The index as the index files state it before the repair; a pack listed twice keeps its blobs. */
    private final BlobIndex old = new BlobIndex();
    /** Every index file found, damaged ones included. */
    private final List<String> oldFiles = new ArrayList<>();
    private int damagedIndexFiles;
    /** Packs an index file lists without blobs: an earlier repair found them damaged and did not finish. */
    private final Set<String> tombstoned = new HashSet<>();

    /** The new index: intact packs as their headers describe them, then the packs of copied blobs. */
    private final BlobIndex fresh = new BlobIndex();
    /** Intact packs no index file listed. */
    private final List<IndexedPack> unindexed = new ArrayList<>();
    /** Packs present in the storage. */
    private final Set<String> present = new HashSet<>();
    /** Damaged packs present in the storage, to be deleted (as tombstones: without blobs). */
    private final List<IndexedPack> damaged = new ArrayList<>();
    /** Missing and damaged packs, for the result. */
    private final Set<String> damagedNames = new LinkedHashSet<>();
    /** Blobs of damaged packs that did not verify. */
    private final Set<BlobId> unreadable = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    /** Whether the old index describes some pack otherwise than its header, or names packs that are gone. */
    private boolean indexDisagrees;
    private boolean listsDamagedPacks;
    private DefaultWriter salvage;
    private long packsRead;
    private long blobsSalvaged;

    /** Trees walked for the snapshots, by their id. */
    private final Map<BlobId, Walked> walked = new HashMap<>();
    private BlobId emptyTree;

    Repairer(DefaultRepository repository, Locks.Lease lease, RepairOptions options, ProgressListener progress,
            Phase crashAfter) {
        this(repository, lease, options, progress, crashAfter, WHOLE_READ_LIMIT);
    }

    /** With another size up to which packs are read whole (tests read every pack blob by blob). */
    Repairer(DefaultRepository repository, Locks.Lease lease, RepairOptions options, ProgressListener progress,
            Phase crashAfter, long wholeReadLimit) {
        this.wholeReadLimit = wholeReadLimit;
        this.repository = repository;
        this.log = repository.log();
        this.storage = repository.storage();
        this.key = repository.masterKey();
        this.lease = lease;
        this.options = options;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.crashAfter = crashAfter;
    }

    RepairResult run() throws IOException {
        lease.ensureValid();

        // 1. the old index, then every pack
        loadOldIndex();
        List<ObjectInfo> packs = new ArrayList<>();
        for (ObjectInfo object : DefaultRepository.list(storage, DefaultRepository.DATA)) {
            if (Hex.isId(DefaultRepository.packName(object.key()))) {
                packs.add(object);
                present.add(DefaultRepository.packName(object.key()));
            }
        }
        long done = 0;
        progress.progress(0, packs.size());
        List<IndexedPack> copies;
        try {
            for (ObjectInfo pack : packs) {
                lease.ensureValid();
                examine(pack);
                progress.progress(++done, packs.size());
            }
            // 2. the copies of the intact blobs of damaged packs
            copies = salvage == null ? List.of() : salvage.flushPacks();
        } finally {
            if (salvage != null) {
                salvage.close();
            }
        }
        for (IndexedPack pack : copies) {
            fresh.addPack(pack.id(), pack.type(), pack.size(), pack.blobs());
        }
        crash(Phase.PACKS_WRITTEN);
        findMissingPacks();
        List<BlobId> dropped = dropped();

        // 3.-6. the new index, then the old one and the damaged packs go
        boolean replaceIndex = damagedIndexFiles > 0 || indexDisagrees || listsDamagedPacks;
        int written = 0;
        int removed = 0;
        if (replaceIndex || !damaged.isEmpty() || !unindexed.isEmpty()) {
            lease.ensureValid();
            List<String> newFiles = new ArrayList<>();
            if (replaceIndex) {
                newFiles.addAll(writeFreshIndex());
            } else {
                List<IndexedPack> added = new ArrayList<>(unindexed);
                added.addAll(copies);
                if (!added.isEmpty()) {
                    newFiles.addAll(repository.writeIndexReturningNames(added));
                }
                if (!unindexed.isEmpty()) {
                    problems.add(unindexed.size() + " pack(s) that no index file listed were indexed from their headers");
                }
            }
            written = newFiles.size();
            List<String> tombstoneFiles = damaged.isEmpty() ? List.of()
                    : repository.writeIndexReturningNames(damaged);
            crash(Phase.INDEX_WRITTEN);

            if (replaceIndex) {
                lease.ensureValid();
                for (String name : oldFiles) {
                    if (!newFiles.contains(name) && !tombstoneFiles.contains(name)) {
                        storage.delete(DefaultRepository.INDEX + name);
                        repository.uncache(Cache.INDEX, name);
                        removed++;
                    }
                }
            }
            crash(Phase.OLD_INDEX_DELETED);

            for (IndexedPack pack : damaged) {
                lease.ensureValid();
                String name = Hex.of(pack.id());
                storage.delete(DefaultRepository.packKey(name));
                repository.uncache(Cache.PACKS, name);
            }
            crash(Phase.DAMAGED_PACKS_DELETED);

            lease.ensureValid();
            for (String name : tombstoneFiles) {
                storage.delete(DefaultRepository.INDEX + name);
                repository.uncache(Cache.INDEX, name);
            }
        }
        repository.reloadIndex();
        repository.adoptOrphans(); // nothing to adopt; refreshes what check reports as unadoptable

        // 7. snapshots
        List<RewrittenSnapshot> rewritten = new ArrayList<>();
        List<String> snapshotsRemoved = new ArrayList<>();
        repairSnapshots(!dropped.isEmpty(), rewritten, snapshotsRemoved);

        RepairResult result = new RepairResult(packsRead, List.copyOf(damagedNames), blobsSalvaged, dropped, written,
                removed, List.copyOf(rewritten), List.copyOf(snapshotsRemoved), List.copyOf(problems));
        if (result.nothingFound()) {
            log.info("repair: {} packs examined ({} read), nothing to repair", packs.size(), packsRead);
        } else {
            log.warn("repair: {} damaged pack(s), {} blob(s) copied, {} blob(s) lost, {} snapshot(s) "
                    + "rewritten, {} removed:\n  {}", damagedNames.size(), blobsSalvaged, dropped.size(),
                    rewritten.size(), snapshotsRemoved.size(), String.join("\n  ", problems));
        }
        return result;
    }

    // ---------------------------------------------------------------- the old index

    /**
     * Reads every index file from the storage (not the cache, which may hold an intact copy of a file
     * that is damaged in the storage). A pack that one file lists with blobs and another without keeps
     * its blobs here and is remembered as tombstoned.
     */
    private void loadOldIndex() throws IOException {
        List<IndexedPack> withoutBlobs = new ArrayList<>();
        for (ObjectInfo object : DefaultRepository.list(storage, DefaultRepository.INDEX)) {
            String name = object.key().substring(DefaultRepository.INDEX.length());
            List<IndexedPack> packs;
            try {
                byte[] bytes = DefaultRepository.readAll(storage, object.key());
                packs = IndexFormat.decode(Sealed.INDEX.open(key, bytes, object.key()), object.key());
            } catch (StorageException e) {
                if (e.kind() == StorageException.Kind.NOT_FOUND) {
                    continue;
                }
                throw e;
            } catch (RepositoryException e) {
                if (e.reason() == Reason.UNSUPPORTED_VERSION) {
                    throw newer("index file " + name, e);
                }
                oldFiles.add(name);
                damagedIndexFiles++;
                problems.add("index file " + name + " cannot be opened (" + e.getMessage()
                        + "); replaced by an index rebuilt from the packs' headers");
                continue;
            }
            oldFiles.add(name);
            for (IndexedPack pack : packs) {
                if (pack.blobs().isEmpty()) {
                    withoutBlobs.add(pack);
                } else {
                    old.addPack(pack.id(), pack.type(), pack.size(), pack.blobs());
                }
            }
        }
        for (IndexedPack pack : withoutBlobs) {
            tombstoned.add(Hex.of(pack.id()));
            old.addPack(pack.id(), pack.type(), pack.size(), List.of());
        }
    }

    // ---------------------------------------------------------------- packs

    /** A pack in the storage: read whole, or range by range. */
    private final class Pack {
        final String key;
        final String name;
        long size;
        byte[] whole;

        Pack(ObjectInfo object) {
            this.key = object.key();
            this.name = DefaultRepository.packName(object.key());
            this.size = object.size();
        }

        void readWhole() throws IOException {
            if (whole == null) {
                whole = DefaultRepository.readAll(storage, key);
                size = whole.length;
                packsRead++;
            }
        }

        /** Bytes at a position, or {@code null} when they lie beyond the end of the pack. */
        byte[] range(long offset, int length) throws IOException {
            if (offset < 0 || length < 0 || offset + length > size) {
                return null;
            }
            if (whole != null) {
                return Arrays.copyOfRange(whole, (int) offset, (int) offset + length);
            }
            try (InputStream in = storage.read(key, offset, length)) {
                byte[] bytes = new byte[length];
                return in.readNBytes(bytes, 0, length) == length ? bytes : null;
            }
        }

        /** Whether the pack matches its name: the SHA-256 of its tail, or of all its bytes (older packs). */
        boolean matchesName(byte[] tail) throws IOException {
            if (whole != null) {
                return PackFormat.nameMatches(whole, whole.length, name);
            }
            if (MasterKey.sha256Hex(tail, 0, tail.length).equals(name)) {
                return true;
            }
            MessageDigest digest = sha256();
            try (InputStream in = storage.read(key)) {
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                }
            }
            return Hex.of(digest.digest()).equals(name);
        }
    }

    /** An opened pack header and the tail it was read from (sealed header and trailer). */
    private record Header(List<PackEntry> entries, byte[] tail) {
        BlobType type() {
            return entries.isEmpty() ? BlobType.DATA : entries.get(0).type();
        }
    }

    /** Opens a pack's header: the last four bytes give its length, the bytes before them are the header. */
    private Header readHeader(Pack pack) throws IOException {
        if (pack.size < PackFormat.tailLength(0)) {
            throw damage("it is too short to hold a header (" + pack.size + " bytes)");
        }
        byte[] trailer = pack.range(pack.size - PackFormat.TRAILER, PackFormat.TRAILER);
        int headerLength = PackFormat.headerLength(trailer, 0);
        if (headerLength < MasterKey.OVERHEAD + 1 || headerLength > pack.size - PackFormat.TRAILER) {
            throw damage("its last four bytes do not give the length of a header");
        }
        long dataLength = pack.size - PackFormat.TRAILER - headerLength;
        byte[] tail = pack.range(dataLength, headerLength + PackFormat.TRAILER);
        List<PackEntry> entries = PackFormat.parseHeader(key, tail, 0, headerLength, dataLength, pack.name);
        for (PackEntry entry : entries) {
            if (entry.type() != entries.get(0).type()) {
                throw damage("its header mixes blob types");
            }
        }
        return new Header(entries, tail);
    }

    private void examine(ObjectInfo object) throws IOException {
        Pack pack = new Pack(object);
        int listedAs = old.packNumber(pack.name);
        Header header = null;
        String damage = null;
        try {
            if (options.readData() && pack.size <= wholeReadLimit) {
                pack.readWhole();
            }
            if (listedAs >= 0 && old.packSize(listedAs) != pack.size) {
                long expected = old.packSize(listedAs);
                damage = pack.size < expected
                        ? "is truncated (" + bytes(expected - pack.size) + " of " + bytes(expected) + " missing)"
                        : "has " + bytes(pack.size - expected) + " more than the index records (" + bytes(expected) + ")";
            }
            try {
                header = readHeader(pack);
            } catch (RepositoryException e) {
                if (e.reason() == Reason.UNSUPPORTED_VERSION) {
                    throw newer("pack " + pack.name, e);
                }
                if (damage == null) {
                    damage = "has a header that cannot be opened (" + e.getMessage() + ")";
                }
            }
            if (damage == null && tombstoned.contains(pack.name)) {
                damage = "was found damaged by an earlier repair that did not finish";
            }
            if (damage == null && options.readData()) {
                if (pack.whole == null) {
                    packsRead++; // read blob by blob below
                }
                if (!pack.matchesName(header.tail())) {
                    damage = "does not match its name (its bytes were changed)";
                }
                int failed = 0;
                for (PackEntry entry : header.entries()) {
                    if (verify(entry, pack.range(entry.offset(), entry.length()), pack.name) != null) {
                        failed++;
                    }
                }
                if (failed > 0 && damage == null) {
                    damage = "has " + failed + " damaged blob(s)";
                }
            }
            if (damage == null) {
                intact(pack, listedAs, header);
            } else {
                salvage(pack, listedAs, header, damage);
            }
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.NOT_FOUND) {
                throw e;
            }
            present.remove(pack.name); // gone meanwhile: treated as missing
        }
    }

    private void intact(Pack pack, int listedAs, Header header) {
        byte[] id = Hex.parse(pack.name);
        fresh.addPack(id, header.type(), pack.size, header.entries());
        if (listedAs < 0) {
            unindexed.add(new IndexedPack(id, header.type(), pack.size, header.entries()));
            return;
        }
        Set<PackEntry> listed = new HashSet<>(Arrays.asList(old.packEntries(listedAs)));
        Set<PackEntry> inHeader = new HashSet<>(header.entries());
        if (!listed.equals(inHeader)) {
            indexDisagrees = true;
            long onlyListed = listed.stream().filter(entry -> !inHeader.contains(entry)).count();
            long onlyInHeader = inHeader.stream().filter(entry -> !listed.contains(entry)).count();
            problems.add("the index does not describe pack " + pack.name + " as its header does (" + onlyListed
                    + " entry(ies) only in the index, " + onlyInHeader + " only in the header); the new index "
                    + "follows the header");
        }
    }

    /**
     * Copies the blobs of a damaged pack that still verify into new packs. They are found through the
     * pack's header, or when that cannot be opened through the old index's entries for the pack (a
     * truncated pack keeps the blobs before the cut at their places).
     */
    private void salvage(Pack pack, int listedAs, Header header, String damage) throws IOException {
        List<PackEntry> entries = header != null ? header.entries()
                : listedAs >= 0 ? Arrays.asList(old.packEntries(listedAs)) : List.of();
        BlobType type = header != null ? header.type() : listedAs >= 0 ? old.packType(listedAs) : BlobType.DATA;
        if (!entries.isEmpty() && pack.size <= wholeReadLimit) {
            pack.readWhole();
        }
        int copied = 0;
        int elsewhere = 0;
        int lost = 0;
        for (PackEntry entry : entries) {
            if (fresh.contains(entry.id())) {
                elsewhere++;
                continue;
            }
            byte[] sealed = pack.range(entry.offset(), entry.length());
            if (verify(entry, sealed, pack.name) == null) {
                if (salvage == null) {
                    salvage = repository.repackWriter();
                }
                salvage.storeSealed(entry.type(), entry.id(), sealed, entry.plainLength());
                copied++;
            } else {
                unreadable.add(entry.id());
                lost++;
            }
        }
        blobsSalvaged += copied;
        damagedNames.add(pack.name);
        damaged.add(new IndexedPack(Hex.parse(pack.name), type, pack.size, List.of()));
        if (listedAs >= 0) {
            listsDamagedPacks = true;
        }
        StringBuilder problem = new StringBuilder("pack ").append(pack.name).append(' ').append(damage).append(": ");
        if (entries.isEmpty() && tombstoned.contains(pack.name)) {
            problem.append("the earlier repair already copied out what could be read; the pack was removed");
        } else if (entries.isEmpty()) {
            problem.append("no index lists its blobs and its header cannot be opened, so nothing in it can be "
                    + "found; the pack was removed");
        } else {
            problem.append(copied).append(" of ").append(entries.size()).append(" blobs");
            if (header == null) {
                problem.append(" (found through the index)");
            }
            problem.append(" copied to a new pack");
            if (elsewhere > 0) {
                problem.append(", ").append(elsewhere).append(" already stored in another pack");
            }
            if (lost > 0) {
                problem.append(", ").append(lost).append(" lost");
            }
            problem.append("; the pack was removed");
        }
        problems.add(problem.toString());
    }

    /** Why a blob does not verify, or {@code null} when it opens under its aad and hashes to its id. */
    private String verify(PackEntry entry, byte[] sealed, String pack) {
        if (sealed == null) {
            return "it lies beyond the end of the pack";
        }
        try {
            byte[] plain = repository.openBlob(entry.type(), entry.id(), sealed, entry.plainLength(), pack);
            byte[] id = key.mac(plain, 0, plain.length);
            return Arrays.equals(id, entry.id().bytes()) ? null : "it does not hash to its id";
        } catch (RepositoryException | RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Packs the old index lists that the storage does not hold. */
    private void findMissingPacks() {
        for (int pack = 0; pack < old.packCount(); pack++) {
            String name = old.packHex(pack);
            if (present.contains(name)) {
                continue;
            }
            indexDisagrees = true;
            PackEntry[] entries = old.packEntries(pack);
            if (entries.length == 0) {
                problems.add("an index file still names pack " + name + ", which an earlier repair that did not "
                        + "finish removed; the index is rewritten without it");
                continue;
            }
            damagedNames.add(name);
            long lost = Arrays.stream(entries).filter(entry -> !fresh.contains(entry.id())).count();
            problems.add("pack " + name + " is missing from the storage: " + lost + " of its " + entries.length
                    + " blobs have no other copy");
        }
    }

    /** Blobs the old index or a damaged pack had that the new index lacks. */
    private List<BlobId> dropped() {
        Set<BlobId> dropped = new LinkedHashSet<>();
        for (int pack = 0; pack < old.packCount(); pack++) {
            for (PackEntry entry : old.packEntries(pack)) {
                if (!fresh.contains(entry.id())) {
                    dropped.add(entry.id());
                }
            }
        }
        for (BlobId id : unreadable) {
            if (!fresh.contains(id)) {
                dropped.add(id);
            }
        }
        return List.copyOf(dropped);
    }

    /** Writes the new complete index a file at a time; returns the names of its files. */
    private List<String> writeFreshIndex() throws IOException {
        List<String> names = new ArrayList<>();
        List<IndexedPack> batch = new ArrayList<>();
        int blobs = 0;
        for (int pack = 0; pack < fresh.packCount(); pack++) {
            List<PackEntry> entries = List.of(fresh.packEntries(pack));
            if (!batch.isEmpty() && blobs + entries.size() > DefaultRepository.INDEX_FILE_BLOBS) {
                names.addAll(repository.writeIndexReturningNames(batch));
                batch = new ArrayList<>();
                blobs = 0;
            }
            batch.add(new IndexedPack(fresh.packIdBytes(pack), fresh.packType(pack), fresh.packSize(pack), entries));
            blobs += entries.size();
        }
        if (!batch.isEmpty()) {
            names.addAll(repository.writeIndexReturningNames(batch));
        }
        return names;
    }

    // ---------------------------------------------------------------- snapshots

    /** What became of a tree once the files that lost data are left out. */
    private record Walked(BlobId tree, boolean readable, boolean changed, long filesLost, long thumbnailsLost,
            List<String> lostFiles) {
    }

    private void repairSnapshots(boolean blobsDropped, List<RewrittenSnapshot> rewritten, List<String> removed)
            throws IOException {
        boolean rewrite = options.rewriteSnapshots();
        List<SnapshotRef> snapshots = new ArrayList<>();
        for (ObjectInfo object : DefaultRepository.list(storage, DefaultRepository.SNAPSHOTS)) {
            String name = object.key().substring(DefaultRepository.SNAPSHOTS.length());
            try {
                byte[] bytes = DefaultRepository.readAll(storage, object.key());
                snapshots.add(new SnapshotRef(name, Json.decodeSnapshot(
                        Sealed.SNAPSHOT.open(key, bytes, object.key()), object.key())));
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.NOT_FOUND) {
                    throw e;
                }
            } catch (RepositoryException e) {
                if (e.reason() == Reason.UNSUPPORTED_VERSION) {
                    problems.add("snapshot " + name + " was written by a newer version of Shoebox (" + e.getMessage()
                            + "); left alone");
                } else if (rewrite) {
                    lease.ensureValid();
                    repository.forget(name);
                    removed.add(name);
                    problems.add("snapshot " + name + " cannot be opened (" + e.getMessage() + "); removed");
                } else {
                    problems.add("snapshot " + name + " cannot be opened (" + e.getMessage()
                            + "); a repair that rewrites snapshots removes it");
                }
            }
        }
        if (!rewrite && !blobsDropped) {
            return; // nothing was lost now, and nothing is to be rewritten
        }
        snapshots.sort((a, b) -> a.snapshot().time().compareTo(b.snapshot().time()));
        Map<String, String> replacedBy = new HashMap<>();
        for (SnapshotRef ref : snapshots) {
            if (ref.snapshot().repaired() != null) {
                replacedBy.put(ref.snapshot().repaired().snapshot(), ref.id());
            }
        }
        RepositoryWriter writer = rewrite ? repository.writer() : null;
        try {
            for (SnapshotRef ref : snapshots) {
                Walked root = walk(ref.snapshot().tree(), writer);
                if (!root.changed()) {
                    continue;
                }
                long filesLost = root.readable() ? root.filesLost() : 1;
                List<String> lostFiles = root.readable() ? root.lostFiles() : List.of(ROOT);
                String what = "snapshot " + ref.id() + " (" + ref.snapshot().source() + ", " + ref.snapshot().time()
                        + ")";
                String losses = losses(root, filesLost, lostFiles);
                if (writer == null) {
                    problems.add(what + " refers to data that is lost: " + losses + "; a backup of the unchanged "
                            + "originals stores it again (or a repair that rewrites snapshots leaves it out)");
                    continue;
                }
                String replacement = replacedBy.get(ref.id());
                if (replacement == null) {
                    BlobId newRoot = root.readable() ? root.tree() : emptyTree(writer);
                    replacement = writer.commit(replacement(ref, newRoot, filesLost));
                    crash(Phase.SNAPSHOT_WRITTEN);
                }
                lease.ensureValid();
                repository.forget(ref.id());
                rewritten.add(new RewrittenSnapshot(ref.id(), replacement, filesLost, lostFiles));
                problems.add(what + " refers to data that is lost: " + losses + "; replaced by snapshot "
                        + replacement + " without it");
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    private static String losses(Walked root, long filesLost, List<String> lostFiles) {
        if (!root.readable()) {
            return "its root folder cannot be read";
        }
        StringBuilder text = new StringBuilder();
        if (filesLost > 0) {
            text.append(filesLost).append(" file(s) or folder(s), such as '").append(lostFiles.get(0)).append('\'');
        }
        if (root.thumbnailsLost() > 0) {
            text.append(text.length() > 0 ? ", and " : "").append(root.thumbnailsLost())
                    .append(" thumbnail(s) (their files are kept without one)");
        }
        return text.toString();
    }

    private Snapshot replacement(SnapshotRef ref, BlobId root, long filesLost) {
        Snapshot original = ref.snapshot();
        List<String> tags = new ArrayList<>(original.tags());
        if (!tags.contains(REPAIRED_TAG)) {
            tags.add(REPAIRED_TAG);
        }
        Map<String, Long> stats = new TreeMap<>(original.stats());
        stats.merge(FILES_LOST, filesLost, Long::sum);
        return new Snapshot(original.time(), original.hostname(), original.source(), original.sourcePath(), root,
                original.parent(), original.checkpoint(), tags, stats, original.copyOf(),
                new Snapshot.Repaired(ref.id(), Instant.now(), filesLost));
    }

    /**
     * Walks a tree: files whose content lost a blob are left out, files that lost only their thumbnail
     * keep everything else, and a folder whose own tree is lost stays as an empty folder. With a
     * writer, changed trees are stored; without, only the losses are counted.
     */
    private Walked walk(BlobId treeId, RepositoryWriter writer) throws IOException {
        Walked known = walked.get(treeId);
        if (known != null) {
            return known;
        }
        BlobIndex index = repository.index();
        Tree tree = null;
        if (index.contains(treeId)) {
            try {
                tree = repository.readTree(treeId);
            } catch (RepositoryException e) {
                problems.add("tree " + treeId + " is indexed but cannot be read (" + e.getMessage() + ")"
                        + (options.readData() ? "" : "; a repair that reads data takes it out of the index"));
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (tree == null) {
            Walked lost = new Walked(treeId, false, true, 0, 0, List.of());
            walked.put(treeId, lost);
            return lost;
        }
        List<Node> nodes = new ArrayList<>(tree.nodes().size());
        boolean changed = false;
        long filesLost = 0;
        long thumbnailsLost = 0;
        List<String> lostFiles = new ArrayList<>();
        for (Node node : tree.nodes()) {
            if (node.isDirectory() && node.subtree() != null) {
                Walked sub = walk(node.subtree(), writer);
                if (!sub.readable()) {
                    changed = true;
                    filesLost++;
                    name(lostFiles, node.name() + "/");
                    nodes.add(writer == null ? node : node.withBlobs(List.of(), emptyTree(writer)));
                } else if (sub.changed()) {
                    changed = true;
                    filesLost += sub.filesLost();
                    thumbnailsLost += sub.thumbnailsLost();
                    for (String path : sub.lostFiles()) {
                        name(lostFiles, node.name() + "/" + path);
                    }
                    nodes.add(node.withBlobs(List.of(), sub.tree()));
                } else {
                    nodes.add(node);
                }
            } else if (node.content().stream().anyMatch(blob -> !index.contains(blob))) {
                changed = true;
                filesLost++;
                name(lostFiles, node.name());
            } else if (node.thumbnail() != null && !index.contains(node.thumbnail())) {
                changed = true;
                thumbnailsLost++;
                nodes.add(withoutThumbnail(node));
            } else {
                nodes.add(node);
            }
        }
        BlobId id = changed && writer != null ? writer.storeTree(new Tree(nodes)) : treeId;
        Walked result = new Walked(id, true, changed, filesLost, thumbnailsLost,
                changed ? List.copyOf(lostFiles) : List.of());
        walked.put(treeId, result);
        return result;
    }

    /**
     * The node without its thumbnail, every other field kept: {@link Node#withBlobs} takes the
     * content followed by the thumbnail, here none.
     */
    private static Node withoutThumbnail(Node node) {
        List<BlobId> blobs = new ArrayList<>(node.content());
        blobs.add(null);
        return node.withBlobs(blobs, node.subtree());
    }

    private static void name(List<String> lostFiles, String path) {
        if (lostFiles.size() < LOST_FILES_LISTED) {
            lostFiles.add(path);
        }
    }

    private BlobId emptyTree(RepositoryWriter writer) throws IOException {
        if (emptyTree == null) {
            emptyTree = writer.storeTree(new Tree(List.of()));
        }
        return emptyTree;
    }

    // ---------------------------------------------------------------- helpers

    private static RepositoryException damage(String message) {
        return new RepositoryException(Reason.CORRUPT, message);
    }

    private static RepositoryException newer(String what, RepositoryException cause) {
        return new RepositoryException(Reason.UNSUPPORTED_VERSION, what + " was written by a newer version of "
                + "Shoebox (" + cause.getMessage() + "); repair stops without changing anything: update Shoebox", cause);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A size for people: "12 bytes", "3.5 KiB", "16 MiB". */
    static String bytes(long count) {
        if (count < 1024) {
            return count + (count == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    private void crash(Phase phase) throws SimulatedCrash {
        if (phase == crashAfter) {
            throw new SimulatedCrash(phase);
        }
    }
}
