package io.shoebox.repository.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;

import javax.crypto.AEADBadTagException;

import org.osgi.service.log.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.Chunker;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.RepositoryWriter;
import io.shoebox.repository.Snapshot;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;
import io.shoebox.repository.internal.chunk.ChunkerParams;
import io.shoebox.repository.internal.crypto.Compression;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.IndexFormat.IndexedPack;
import io.shoebox.repository.internal.format.Json;
import io.shoebox.repository.internal.format.PackFormat;
import io.shoebox.repository.internal.format.Sealed;
import io.shoebox.repository.internal.format.TreeFormat;
import io.shoebox.repository.internal.index.BlobIndex;

/**
 * The repository format of docs/repository-format.md on a {@link Storage}: creating and opening a
 * repository, reading blobs, trees and snapshots, and running writers, locks, check, prune, copy and
 * repair on it. Its key files are {@link KeyFiles}, its index files and the in-memory index
 * {@link IndexFiles}.
 */
public final class DefaultRepository implements Repository {

    public static final int CONFIG_VERSION = 1;
    static final String CONFIG = "config";
    /** Values of the config's {@code chunker.mediaData}: how the media data of photos and videos is cut. */
    private static final String FIXED_MEDIA_DATA = "fixed";
    private static final String CONTENT_DEFINED = "content-defined";
    static final String KEYS = "keys/";
    static final String DATA = "data/";
    static final String INDEX = "index/";
    static final String SNAPSHOTS = "snapshots/";
    /** Blobs per index file before a new file is started. */
    static final int INDEX_FILE_BLOBS = 100_000;

    private final Storage storage;
    private final MasterKey key;
    private final Logger log;
    private final RepositoryOptions options;
    private final String id;
    private final int packSize;
    private final ChunkerParams chunkerParams;
    private final Cache cache;
    private final Locks locks;
    private final StoredObjects objects;
    private final IndexFiles indexFiles;
    private final KeyFiles keys;
    private final Set<Locks.Lease> leases = ConcurrentHashMap.newKeySet();
    private volatile Chunker chunker;
    private volatile boolean closed;

    private DefaultRepository(Storage storage, MasterKey key, String keyName, JsonNode config, Path cacheDir,
            RepositoryOptions options, Logger log) throws RepositoryException {
        this.storage = storage;
        this.key = key;
        this.log = log;
        this.options = options;
        this.id = Json.text(config, "id", CONFIG);
        this.packSize = (int) Json.number(config, "packSize", CONFIG);
        JsonNode sizes = config.path("chunker");
        try {
            this.chunkerParams = new ChunkerParams((int) Json.number(sizes, "minSize", CONFIG),
                    (int) Json.number(sizes, "avgSize", CONFIG), (int) Json.number(sizes, "maxSize", CONFIG),
                    FIXED_MEDIA_DATA.equals(sizes.path("mediaData").asText(CONTENT_DEFINED)));
        } catch (IllegalArgumentException e) {
            throw new RepositoryException(Reason.CORRUPT, "the repository config has invalid chunk sizes", e);
        }
        if (packSize < 4096 || !Hex.isId(id)) {
            throw new RepositoryException(Reason.CORRUPT, "the repository config has invalid values");
        }
        this.cache = cacheDir == null ? null : new Cache(cacheDir, id, log);
        this.locks = new Locks(storage, key, options, log);
        this.objects = new StoredObjects(storage, options, log);
        this.indexFiles = new IndexFiles(objects, key, cache,
                () -> locks.exclusiveHeldByOther(heldExclusive().map(Locks.Lease::objectKey)), log);
        this.keys = new KeyFiles(storage, key, keyName, options.kdf());
    }

    // ================================================================ init and open

    public static Repository init(Storage storage, char[] password, Path cacheDir, Logger log) throws IOException {
        return init(storage, password, cacheDir, RepositoryOptions.defaults(), log);
    }

    public static Repository open(Storage storage, char[] password, Path cacheDir, Logger log) throws IOException {
        return open(storage, password, cacheDir, RepositoryOptions.defaults(), log);
    }

    /** @param log where the repository reports what it does and what it works around */
    public static DefaultRepository init(Storage storage, char[] password, Path cacheDir, RepositoryOptions options,
            Logger log) throws IOException {
        if (storage.stat(CONFIG).isPresent() || !list(storage, KEYS).isEmpty()) {
            throw new RepositoryException(Reason.ALREADY_INITIALIZED,
                    "this target already holds a repository; open it instead of creating one");
        }
        MasterKey key = MasterKey.random();
        String keyName = KeyFiles.write(storage, key, password, "initial", options.kdf());
        ObjectNode config = Json.object();
        config.put("version", CONFIG_VERSION);
        config.put("id", Hex.of(MasterKey.randomBytes(32)));
        config.put("created", Instant.now().toString());
        config.put("packSize", options.packSize());
        ChunkerParams sizes = ChunkerSupport.defaults();
        ObjectNode chunker = config.putObject("chunker");
        chunker.put("minSize", sizes.minSize());
        chunker.put("avgSize", sizes.avgSize());
        chunker.put("maxSize", sizes.maxSize());
        chunker.put("mediaData", sizes.fixedMediaData() ? FIXED_MEDIA_DATA : CONTENT_DEFINED);
        try {
            storage.create(CONFIG, ByteSource.of(Sealed.CONFIG.seal(key, Json.bytes(config))));
        } catch (StorageException e) {
            storage.delete(KEYS + keyName);
            if (e.kind() == Kind.ALREADY_EXISTS) {
                throw new RepositoryException(Reason.ALREADY_INITIALIZED,
                        "another process created a repository on this target at the same time", e);
            }
            throw e;
        }
        DefaultRepository repository = new DefaultRepository(storage, key, keyName, config, cacheDir, options, log);
        log.info("created repository {}", repository.id);
        return repository;
    }

    /** @param log where the repository reports what it does and what it works around */
    public static DefaultRepository open(Storage storage, char[] password, Path cacheDir, RepositoryOptions options,
            Logger log) throws IOException {
        Optional<ObjectInfo> configInfo = storage.stat(CONFIG);
        List<ObjectInfo> keyObjects = list(storage, KEYS);
        if (configInfo.isEmpty()) {
            throw new RepositoryException(Reason.NOT_A_REPOSITORY,
                    "this target holds no Shoebox repository (there is no config object)");
        }
        if (keyObjects.isEmpty()) {
            throw new RepositoryException(Reason.CORRUPT, "the repository has no key files (keys/ is empty)");
        }
        KeyFiles.Unlocked unlocked = KeyFiles.unlock(storage, keyObjects, password, log);
        MasterKey key = unlocked.key();
        JsonNode config = Json.parse(Sealed.CONFIG.open(key, readAll(storage, CONFIG), CONFIG), CONFIG);
        long version = Json.number(config, "version", CONFIG);
        if (version != CONFIG_VERSION) {
            throw new RepositoryException(Reason.UNSUPPORTED_VERSION, "the repository has format version " + version
                    + "; this Shoebox reads version " + CONFIG_VERSION + " (update Shoebox to open it)");
        }
        DefaultRepository repository = new DefaultRepository(storage, key, unlocked.name(), config, cacheDir, options,
                log);
        repository.refresh();
        return repository;
    }

    // ================================================================ accessors for the package

    MasterKey masterKey() {
        return key;
    }

    int packSize() {
        return packSize;
    }

    RepositoryOptions options() {
        return options;
    }

    Logger log() {
        return log;
    }

    BlobIndex index() {
        return indexFiles.index();
    }

    Storage storage() {
        return storage;
    }

    Locks lockManager() {
        return locks;
    }

    Set<String> indexFiles() {
        return indexFiles.loaded();
    }

    Set<String> damagedIndexFiles() {
        return indexFiles.damaged();
    }

    Set<String> unadoptablePacks() {
        return indexFiles.unadoptable();
    }

    static String packKey(String name) {
        return DATA + name.substring(0, 2) + "/" + name;
    }

    static String packName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    // ================================================================ Repository

    @Override
    public String id() {
        return id;
    }

    @Override
    public Chunker chunker() {
        Chunker value = chunker;
        if (value == null) {
            synchronized (this) {
                value = chunker;
                if (value == null) {
                    value = ChunkerSupport.create(key.chunkerSeed(), chunkerParams);
                    chunker = value;
                }
            }
        }
        return value;
    }

    @Override
    public BlobId blobId(byte[] data, int offset, int length) {
        return key.blobId(data, offset, length);
    }

    @Override
    public boolean contains(BlobId blob) {
        return indexFiles.index().contains(blob);
    }

    @Override
    public int blobLength(BlobId blob) throws IOException {
        return locate(blob).plainLength();
    }

    @Override
    public byte[] readBlob(BlobId blob) throws IOException {
        BlobIndex.Location location = locate(blob);
        String pack = location.packHex();
        byte[] sealed = null;
        if (location.type() == BlobType.TREE && cache != null) {
            sealed = cache.readPackRange(pack, location.offset(), location.length());
            if (sealed == null) {
                byte[] whole = readAll(storage, packKey(pack));
                if (PackFormat.nameMatches(whole, whole.length, pack)) {
                    cache.put(Cache.PACKS, pack, whole, whole.length);
                }
                if (location.offset() + location.length() <= whole.length) {
                    sealed = java.util.Arrays.copyOfRange(whole, (int) location.offset(),
                            (int) location.offset() + location.length());
                }
            }
        }
        if (sealed == null) {
            sealed = objects.readRange(packKey(pack), location.offset(), location.length());
        }
        return openBlob(location.type(), blob, sealed, location.plainLength(), pack);
    }

    private BlobIndex.Location locate(BlobId blob) throws RepositoryException {
        BlobIndex.Location location = indexFiles.index().locate(blob);
        if (location == null) {
            throw new RepositoryException(Reason.CORRUPT, "blob " + blob + " is not in the repository's index");
        }
        return location;
    }

    /** Decrypts, authenticates and (trees) decompresses a blob. */
    byte[] openBlob(BlobType type, BlobId blob, byte[] sealed, int plainLength, String pack)
            throws RepositoryException {
        byte[] plain;
        try {
            plain = key.open(sealed, 0, sealed.length, PackFormat.blobAad(type, blob));
        } catch (AEADBadTagException e) {
            throw new RepositoryException(Reason.CORRUPT,
                    "blob " + blob + " in pack " + pack + " is damaged (authentication failed)", e);
        }
        if (type == BlobType.TREE) {
            try {
                plain = Compression.decompress(plain, 0, plain.length, plainLength);
            } catch (DataFormatException e) {
                throw new RepositoryException(Reason.CORRUPT,
                        "tree " + blob + " in pack " + pack + " does not decompress", e);
            }
        } else if (plain.length != plainLength) {
            throw new RepositoryException(Reason.CORRUPT, "blob " + blob + " in pack " + pack + " has "
                    + plain.length + " bytes where the index says " + plainLength);
        }
        return plain;
    }

    @Override
    public Tree readTree(BlobId tree) throws IOException {
        return TreeFormat.decode(readBlob(tree), tree.hex());
    }

    @Override
    public List<SnapshotRef> snapshots() throws IOException {
        List<ObjectInfo> objects = list(storage, SNAPSHOTS);
        List<SnapshotRef> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ObjectInfo object : objects) {
            String name = object.key().substring(SNAPSHOTS.length());
            names.add(name);
            try {
                result.add(new SnapshotRef(name, loadSnapshot(name)));
            } catch (StorageException e) {
                if (e.kind() != Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (cache != null) {
            cache.retain(Cache.SNAPSHOTS, names);
        }
        result.sort(Comparator.comparing((SnapshotRef ref) -> ref.snapshot().time()).thenComparing(SnapshotRef::id));
        return result;
    }

    Snapshot loadSnapshot(String name) throws IOException {
        byte[] bytes = cache == null ? null : cache.get(Cache.SNAPSHOTS, name);
        if (bytes == null) {
            bytes = readAll(storage, SNAPSHOTS + name);
            if (cache != null) {
                cache.put(Cache.SNAPSHOTS, name, bytes, bytes.length);
            }
        }
        return Json.decodeSnapshot(Sealed.SNAPSHOT.open(key, bytes, SNAPSHOTS + name), SNAPSHOTS + name);
    }

    @Override
    public Optional<SnapshotRef> snapshot(String snapshotId) throws IOException {
        if (snapshotId == null || snapshotId.isEmpty() || snapshotId.contains("/")) {
            return Optional.empty();
        }
        List<ObjectInfo> objects = list(storage, SNAPSHOTS + snapshotId);
        if (objects.size() != 1) {
            return Optional.empty(); // none, or an ambiguous prefix
        }
        String name = objects.get(0).key().substring(SNAPSHOTS.length());
        return Optional.of(new SnapshotRef(name, loadSnapshot(name)));
    }

    String writeSnapshot(Snapshot snapshot) throws IOException {
        byte[] sealed = Sealed.SNAPSHOT.seal(key, Json.encodeSnapshot(snapshot));
        String name = MasterKey.sha256Hex(sealed, 0, sealed.length);
        createWithRetry(SNAPSHOTS + name, sealed, sealed.length);
        if (cache != null) {
            cache.put(Cache.SNAPSHOTS, name, sealed, sealed.length);
        }
        return name;
    }

    @Override
    public RepositoryWriter writer() throws IOException {
        ensureOpen();
        return new DefaultWriter(this, true);
    }

    DefaultWriter repackWriter() {
        return new DefaultWriter(this, false);
    }

    @Override
    public RepositoryLock lock(boolean exclusive) throws IOException {
        ensureOpen();
        Locks.Lease lease = locks.acquire(exclusive);
        leases.add(lease);
        return new RepositoryLock() {
            @Override
            public boolean exclusive() {
                return lease.exclusive();
            }

            @Override
            public void close() {
                leases.remove(lease);
                lease.close();
            }
        };
    }

    /** A valid exclusive lease this instance holds, if any. */
    Optional<Locks.Lease> heldExclusive() {
        return leases.stream().filter(lease -> lease.exclusive() && lease.valid()).findFirst();
    }

    /** Test hook: stop refreshing every lease of this instance without releasing, like a crash. */
    void abandonLocks() {
        leases.forEach(Locks.Lease::abandon);
        leases.clear();
    }

    @Override
    public void forget(String snapshotId) throws IOException {
        if (!Hex.isId(snapshotId)) {
            Optional<SnapshotRef> ref = snapshot(snapshotId);
            if (ref.isEmpty()) {
                throw new IOException("no snapshot " + snapshotId);
            }
            snapshotId = ref.get().id();
        }
        storage.delete(SNAPSHOTS + snapshotId);
        if (cache != null) {
            cache.remove(Cache.SNAPSHOTS, snapshotId);
        }
    }

    @Override
    public PruneResult prune(ProgressListener progress) throws IOException {
        ensureOpen();
        Optional<Locks.Lease> held = heldExclusive();
        if (held.isPresent()) {
            return new Pruner(this, held.get(), progress, null).run();
        }
        try (RepositoryLock lock = lock(true)) {
            return new Pruner(this, heldExclusive().orElseThrow(), progress, null).run();
        }
    }

    /** Prune with a crash injected at a phase (tests). */
    PruneResult prune(ProgressListener progress, Pruner.Phase crashAfter) throws IOException {
        try (RepositoryLock lock = lock(true)) {
            return new Pruner(this, heldExclusive().orElseThrow(), progress, crashAfter).run();
        }
    }

    @Override
    public CheckResult check(double readFraction, ProgressListener progress) throws IOException {
        ensureOpen();
        return new Checker(this, readFraction, progress == null ? ProgressListener.NONE : progress).run();
    }

    @Override
    public CopyResult copySnapshot(Repository from, SnapshotRef snapshot, double verifyReadFraction,
            CopyListener listener) throws IOException {
        ensureOpen();
        if (from.id().equals(id)) {
            throw new IllegalArgumentException("snapshot " + snapshot.id() + " is already in repository " + id
                    + "; copy it to another repository");
        }
        return new SnapshotCopier(this, from, snapshot, verifyReadFraction,
                listener == null ? CopyListener.NONE : listener).run();
    }

    @Override
    public RepairResult repair(RepairOptions options, ProgressListener progress) throws IOException {
        return repair(options, progress, null);
    }

    /** Repair with a crash injected after a phase ({@code null}: none), for tests. */
    RepairResult repair(RepairOptions options, ProgressListener progress, Repairer.Phase crashAfter)
            throws IOException {
        ensureOpen();
        RepairOptions what = options == null ? new RepairOptions(false, false) : options;
        Optional<Locks.Lease> held = heldExclusive();
        if (held.isPresent()) {
            return new Repairer(this, held.get(), what, progress, crashAfter).run();
        }
        try (RepositoryLock lock = lock(true)) {
            return new Repairer(this, heldExclusive().orElseThrow(), what, progress, crashAfter).run();
        }
    }

    @Override
    public List<LockInfo> locks() throws IOException {
        ensureOpen();
        return lockInfos(locks.all());
    }

    @Override
    public List<LockInfo> unlock(boolean all) throws IOException {
        ensureOpen();
        return lockInfos(locks.removeLocks(all));
    }

    private static List<LockInfo> lockInfos(List<Locks.Judged> judged) {
        List<LockInfo> result = new ArrayList<>();
        for (Locks.Judged lock : judged) {
            Locks.Holder holder = lock.holder();
            result.add(new LockInfo(holder.name(), holder.exclusive(), holder.hostname(), holder.pid(),
                    holder.created(), holder.leaseEnd(), lock.stale(), lock.description()));
        }
        result.sort(Comparator.comparing(LockInfo::created).thenComparing(LockInfo::id));
        return result;
    }

    @Override
    public Keys keys() {
        return keys;
    }

    @Override
    public IndexStats indexStats() {
        BlobIndex current = indexFiles.index();
        return new IndexStats(current.blobs(), current.packCount(), current.storedBytes(), current.memoryBytes());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Locks.Lease lease : leases) {
            lease.close();
        }
        leases.clear();
        locks.shutdown();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the repository is closed");
        }
    }

    // ================================================================ index files (see IndexFiles)

    @Override
    public void refresh() throws IOException {
        indexFiles.refresh();
    }

    /** Replaces the in-memory index by one loaded afresh (after prune). */
    void reloadIndex() throws IOException {
        indexFiles.reload();
    }

    /** Indexes the packs in data/ that no index file lists (see {@link IndexFiles#adoptOrphans}). */
    void adoptOrphans() throws IOException {
        indexFiles.adoptOrphans();
    }

    /** Writes index files for packs (split so no file is huge); returns the bytes written. */
    long writeIndex(List<IndexedPack> packs) throws IOException {
        return indexFiles.write(packs);
    }

    /** Writes index files for packs; returns the names of the files written (for prune's bookkeeping). */
    List<String> writeIndexReturningNames(List<IndexedPack> packs) throws IOException {
        return indexFiles.writeReturningNames(packs);
    }

    void cachePack(String name, byte[] bytes, int length) {
        if (cache != null) {
            cache.put(Cache.PACKS, name, bytes, length);
        }
    }

    void uncache(String kind, String name) {
        if (cache != null) {
            cache.remove(kind, name);
        }
    }

    // ================================================================ storage helpers

    /** Creates an object, retrying transient failures with backoff; an equal existing object is success. */
    void createWithRetry(String objectKey, byte[] bytes, int length) throws IOException {
        objects.createWithRetry(objectKey, bytes, length);
    }

    static List<ObjectInfo> list(Storage storage, String prefix) throws StorageException {
        return StoredObjects.list(storage, prefix);
    }

    static byte[] readAll(Storage storage, String objectKey) throws IOException {
        return StoredObjects.readAll(storage, objectKey);
    }
}
