package io.shoebox.storage.webdav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import javax.xml.stream.XMLStreamException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.storage.BoundedInputStream;
import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.api.storage.StorageException.Kind;
import io.shoebox.api.storage.StorageType;
import io.shoebox.api.storage.StorageUsage;

/**
 * A target in a collection (folder) of a WebDAV server. Objects are files under the collection,
 * named by their key; every key segment is a sub-collection.
 *
 * <p>A write is uploaded to a fresh name in the {@code .tmp/} collection and then moved to its key
 * with {@code Overwrite: F}, so a broken upload is never visible under a real key and an existing
 * object is never replaced. Listing walks the collections with {@code Depth: 1} PROPFINDs, since
 * many servers refuse {@code Depth: infinity}.
 */
@Component(
        configurationPid = WebDavStorage.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Storage.class)
@StorageType(WebDavStorage.TYPE)
@Designate(ocd = WebDavStorageConfig.class, factory = true)
public class WebDavStorage implements Storage, AutoCloseable {

    static final String TYPE = "webdav";
    static final String FACTORY_PID = Storage.FACTORY_PID_PREFIX + TYPE;
    static final String TEMP_COLLECTION = ".tmp/";

    /** Collections known to exist are remembered, up to this many, to save a MKCOL per write. */
    private static final int KNOWN_COLLECTIONS_LIMIT = 10_000;

    private final WebDavSettings settings;
    private final WebDavClient client;
    private final Set<String> knownCollections = ConcurrentHashMap.newKeySet();
    /** Serializes the final MOVE of writers to the same key within this server (see {@link #publish}). */
    private final ReentrantLock[] publishLocks = new ReentrantLock[64];
    private volatile boolean baseChecked;

    @Activate
    public WebDavStorage(WebDavStorageConfig config) {
        this(WebDavSettings.of(config));
    }

    /** A target with explicit settings, for embedding and tests; the server creates targets from configuration. */
    public WebDavStorage(WebDavSettings settings) {
        this.settings = settings;
        this.client = new WebDavClient(settings);
        for (int i = 0; i < publishLocks.length; i++) {
            publishLocks[i] = new ReentrantLock();
        }
    }

    @Deactivate
    @Override
    public void close() {
        client.close();
    }

    // ---- create

    @Override
    public void create(String key, ByteSource content) throws StorageException {
        Storage.checkKey(key);
        String what = "cannot write " + key;
        ensureBase();
        String temp = TEMP_COLLECTION + UUID.randomUUID();
        boolean published = false;
        try {
            uploadTemp(temp, key, content, what);
            publish(temp, key, what);
            published = true;
        } finally {
            if (!published) {
                deleteQuietly(temp);
            }
        }
    }

    private void uploadTemp(String temp, String key, ByteSource content, String what) throws StorageException {
        ensureCollection(TEMP_COLLECTION, what);
        WebDavClient.Response response = client.upload(client.uriOf(temp), content, key, what);
        if (response.status() == 409 || response.status() == 404) {
            // The temp collection was removed behind our back: make it again and upload once more.
            forgetCollections(TEMP_COLLECTION);
            ensureCollection(TEMP_COLLECTION, what);
            response = client.upload(client.uriOf(temp), content, key, what);
        }
        if (!response.ok()) {
            throw client.statusFailure(what, response);
        }
    }

    /**
     * Moves the finished upload to its key without ever replacing an object. The server's
     * {@code Overwrite: F} check and its rename are separate steps on some servers (Apache
     * mod_dav_fs among them), so two MOVEs to one key at the same instant could both succeed; the
     * lock makes writers within this server take turns, the server's check covers the rest.
     */
    private void publish(String temp, String key, String what) throws StorageException {
        String parent = DavPaths.parentOf(key);
        ensureCollection(parent, what);
        ReentrantLock lock = publishLocks[Math.floorMod(key.hashCode(), publishLocks.length)];
        lock.lock();
        try {
            WebDavClient.Response response = move(temp, key, what);
            if (response.status() == 409 || response.status() == 500 && !parent.isEmpty()) {
                // A missing parent collection is 409 by RFC 4918 and 500 on mod_dav_fs: the
                // remembered collection may have been removed since. Make it again and retry once.
                forgetCollections(parent);
                ensureCollection(parent, what);
                response = move(temp, key, what);
            }
            if (response.status() == 412) {
                throw new StorageException(Kind.ALREADY_EXISTS, "object " + key + " already exists");
            }
            if (response.status() == 204) {
                // Only a server that ignores "Overwrite: F" answers 204 (replaced) here.
                throw new StorageException(Kind.PERMANENT, what + ": the WebDAV server at " + settings.displayUrl()
                        + " replaced an existing object although asked not to; it cannot hold a repository safely");
            }
            if (!response.ok()) {
                throw client.statusFailure(what, response);
            }
        } finally {
            lock.unlock();
        }
    }

    private WebDavClient.Response move(String from, String to, String what) throws StorageException {
        return client.exchange("MOVE", client.uriOf(from),
                Map.of("Destination", client.uriOf(to).toASCIIString(), "Overwrite", "F"), null, what);
    }

    // ---- read

    @Override
    public InputStream read(String key, long offset, long length) throws StorageException {
        Storage.checkKey(key);
        if (offset < 0 || length < -1) {
            throw new StorageException(Kind.PERMANENT, "invalid range " + offset + "+" + length + " of " + key);
        }
        String what = "cannot read " + key;
        if (length == 0) {
            ObjectInfo info = stat(key).orElseThrow(() -> notFound(key));
            checkRangeStart(key, offset, info.size());
            return InputStream.nullInputStream();
        }
        Map<String, String> headers = offset == 0 && length < 0 ? Map.of()
                : Map.of("Range", "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
        WebDavClient.Download download = client.get(client.uriOf(key), headers, what);
        int status = download.status();
        if (status == 206) {
            return partialContent(key, offset, length, download);
        }
        if (status == 200) {
            // The server ignored the Range header (allowed by RFC 9110): cut the range out ourselves.
            return cutRange(key, offset, length, download.body());
        }
        closeQuietly(download.body());
        if (status == 416) {
            ObjectInfo info = stat(key).orElseThrow(() -> notFound(key));
            checkRangeStart(key, offset, info.size());
            return InputStream.nullInputStream();
        }
        if (status == 404 || status == 410) {
            throw notFound(key);
        }
        throw client.statusFailure(what, status, download.raw().headers().firstValue("Location").orElse(null));
    }

    private InputStream partialContent(String key, long offset, long length, WebDavClient.Download download)
            throws StorageException {
        String contentRange = download.raw().headers().firstValue("Content-Range").orElse("");
        if (!contentRange.isEmpty() && !contentRange.startsWith("bytes " + offset + "-")) {
            closeQuietly(download.body());
            throw new StorageException(Kind.PERMANENT, "cannot read " + key + ": asked the WebDAV server at "
                    + settings.displayUrl() + " for bytes from " + offset + ", it sent " + contentRange);
        }
        return length < 0 ? download.body() : new BoundedInputStream(download.body(), length);
    }

    private InputStream cutRange(String key, long offset, long length, InputStream whole) throws StorageException {
        try {
            long skipped = whole.skip(offset);
            if (skipped < offset) {
                closeQuietly(whole);
                throw new StorageException(Kind.PERMANENT, "range starts at " + offset + " beyond the end of " + key
                        + " (" + skipped + " bytes)");
            }
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            closeQuietly(whole);
            throw client.networkFailure("cannot read " + key, e);
        }
        return length < 0 ? whole : new BoundedInputStream(whole, length);
    }

    private static void checkRangeStart(String key, long offset, long size) throws StorageException {
        if (offset > size) {
            throw new StorageException(Kind.PERMANENT, "range starts at " + offset + " beyond the end of " + key
                    + " (" + size + " bytes)");
        }
    }

    private static StorageException notFound(String key) {
        return new StorageException(Kind.NOT_FOUND, "object " + key + " does not exist");
    }

    // ---- stat, list

    @Override
    public Optional<ObjectInfo> stat(String key) throws StorageException {
        Storage.checkKey(key);
        String what = "cannot read " + key;
        URI uri = client.uriOf(key);
        WebDavClient.Response response = client.exchange("PROPFIND", uri, Map.of("Depth", "0"),
                Multistatus.PROPFIND_OBJECTS, what);
        if (response.status() == 404 || response.status() == 410 || response.status() == 409) {
            checkBaseExists(what);
            return Optional.empty();
        }
        if (response.status() != 207) {
            throw client.statusFailure(what, response);
        }
        List<Multistatus.Entry> entries = parse(response, uri, what);
        if (entries.isEmpty() || entries.get(0).collection()) {
            return Optional.empty();
        }
        return Optional.of(info(key, entries.get(0)));
    }

    private static ObjectInfo info(String key, Multistatus.Entry entry) {
        return new ObjectInfo(key, Math.max(0, entry.length()),
                entry.modified() == null ? Instant.EPOCH : entry.modified());
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws StorageException {
        String what = "cannot list " + (prefix.isEmpty() ? "the target" : prefix);
        // Walk from the deepest collection the prefix names in full, then filter by the rest.
        String start = DavPaths.parentOf(prefix);
        Deque<String> collections = new ArrayDeque<>();
        collections.add(start);
        while (!collections.isEmpty()) {
            String collection = collections.poll();
            URI uri = client.uriOf(collection);
            WebDavClient.Response response = client.exchange("PROPFIND", uri, Map.of("Depth", "1"),
                    Multistatus.PROPFIND_OBJECTS, what);
            if (response.status() == 404 || response.status() == 410 || response.status() == 409) {
                if (collection.equals(start)) {
                    checkBaseExists(what);
                }
                // A collection deleted while listing: a listing is not a snapshot.
                continue;
            }
            if (response.status() != 207) {
                throw client.statusFailure(what, response);
            }
            for (Member member : members(collection, parse(response, uri, what))) {
                if (member.entry.collection()) {
                    String child = member.key + "/";
                    boolean mayHoldMatches = child.startsWith(prefix) || prefix.startsWith(child);
                    if (mayHoldMatches && !child.equals(TEMP_COLLECTION)) {
                        collections.add(child);
                    }
                } else if (member.key.startsWith(prefix)) {
                    consumer.accept(info(member.key, member.entry));
                }
            }
        }
    }

    private record Member(String key, Multistatus.Entry entry) {
    }

    /**
     * The members of a collection from its Depth 1 PROPFIND answer. The collection itself is in
     * the answer too; it is recognized by its path, or failing that (a proxy that rewrites paths)
     * as the entry whose path contains all others. Each member's key is the collection's key plus
     * the member's last path segment, which holds however the server spells the rest of the href.
     */
    private List<Member> members(String collection, List<Multistatus.Entry> entries) {
        String requested = DavPaths.stripTrailingSlash(DavPaths.decode(client.uriOf(collection).getRawPath()));
        String self = null;
        for (Multistatus.Entry entry : entries) {
            if (DavPaths.stripTrailingSlash(entry.path()).equals(requested)) {
                self = requested;
            }
        }
        if (self == null) {
            for (Multistatus.Entry entry : entries) {
                String path = DavPaths.stripTrailingSlash(entry.path());
                if (self == null || path.length() < self.length()) {
                    self = path;
                }
            }
        }
        String selfPath = self;
        return entries.stream()
                .filter(entry -> !DavPaths.stripTrailingSlash(entry.path()).equals(selfPath))
                .map(entry -> new Member(collection + DavPaths.lastSegment(entry.path()), entry))
                .filter(member -> !DavPaths.lastSegment(member.entry.path()).isEmpty())
                .toList();
    }

    private List<Multistatus.Entry> parse(WebDavClient.Response response, URI uri, String what)
            throws StorageException {
        try {
            return Multistatus.parse(response.body(), uri);
        } catch (XMLStreamException e) {
            throw new StorageException(Kind.TRANSIENT, what + ": the WebDAV server at " + settings.displayUrl()
                    + " sent an unreadable answer: " + e.getMessage(), e);
        }
    }

    // ---- delete, usage, verifyAccess

    @Override
    public void delete(String key) throws StorageException {
        Storage.checkKey(key);
        String what = "cannot delete " + key;
        URI uri = client.uriOf(key);
        // A DELETE on a collection removes everything in it; a key is never a collection, so look first.
        WebDavClient.Response found = client.exchange("PROPFIND", uri, Map.of("Depth", "0"),
                Multistatus.PROPFIND_OBJECTS, what);
        if (found.status() == 404 || found.status() == 410 || found.status() == 409) {
            return;
        }
        if (found.status() != 207) {
            throw client.statusFailure(what, found);
        }
        List<Multistatus.Entry> entries = parse(found, uri, what);
        if (!entries.isEmpty() && entries.get(0).collection()) {
            throw new StorageException(Kind.PERMANENT, what + ": it is a folder, not an object");
        }
        WebDavClient.Response response = client.exchange("DELETE", uri, Map.of(), null, what);
        if (!response.ok() && response.status() != 404 && response.status() != 410) {
            throw client.statusFailure(what, response);
        }
    }

    @Override
    public StorageUsage usage() throws StorageException {
        String what = "cannot measure the space used";
        URI uri = client.base();
        WebDavClient.Response response = client.exchange("PROPFIND", uri, Map.of("Depth", "0"),
                Multistatus.PROPFIND_QUOTA, what);
        if (response.status() == 404 || response.status() == 409) {
            throw baseMissing();
        }
        if (response.status() != 207) {
            throw client.statusFailure(what, response);
        }
        List<Multistatus.Entry> entries = parse(response, uri, what);
        long used = entries.isEmpty() ? -1 : entries.get(0).quotaUsed();
        long available = entries.isEmpty() || entries.get(0).quotaAvailable() < 0 ? StorageUsage.UNKNOWN
                : entries.get(0).quotaAvailable();
        if (used < 0) {
            long[] sum = {0};
            list("", info -> sum[0] += info.size());
            used = sum[0];
        }
        return new StorageUsage(used, available);
    }

    @Override
    public void verifyAccess() throws StorageException {
        baseChecked = false;
        ensureBase();
        String probe = TEMP_COLLECTION + "access-check-" + UUID.randomUUID();
        byte[] content = ("Shoebox access check " + Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        create(probe, ByteSource.of(content));
        try (InputStream in = read(probe)) {
            if (!Arrays.equals(in.readAllBytes(), content)) {
                throw new StorageException(Kind.PERMANENT, "a test file written to " + settings.displayUrl()
                        + " read back different: the server or a proxy alters uploads");
            }
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw client.networkFailure("cannot read back a test file from " + settings.displayUrl(), e);
        } finally {
            delete(probe);
        }
    }

    // ---- collections

    /** Checks once that the target's collection exists, creating it when configured to. */
    private void ensureBase() throws StorageException {
        if (baseChecked) {
            return;
        }
        String what = "cannot open " + settings.displayUrl();
        WebDavClient.Response response = client.exchange("PROPFIND", client.base(), Map.of("Depth", "0"),
                Multistatus.PROPFIND_OBJECTS, what);
        if (response.status() == 404 || response.status() == 409 || response.status() == 410) {
            if (!settings.createIfMissing()) {
                throw baseMissing();
            }
            makeBase(client.base(), what);
        } else if (response.status() == 207) {
            List<Multistatus.Entry> entries = parse(response, client.base(), what);
            if (!entries.isEmpty() && !entries.get(0).collection()) {
                throw new StorageException(Kind.PERMANENT, settings.displayUrl() + " is a file, not a folder:"
                        + " the URL must name the folder that holds the repository");
            }
        } else {
            throw client.statusFailure(what, response);
        }
        baseChecked = true;
    }

    /** Creates the base collection and any missing parents, as far up as the server lets us. */
    private void makeBase(URI collection, String what) throws StorageException {
        WebDavClient.Response response = client.exchange("MKCOL", collection, Map.of(), null, what);
        if (response.status() == 409) {
            URI parent = collection.resolve("..");
            if (parent.getRawPath().equals(collection.getRawPath()) || parent.getRawPath().equals("/")) {
                throw baseMissing();
            }
            makeBase(parent, what);
            response = client.exchange("MKCOL", collection, Map.of(), null, what);
        }
        if (!response.ok() && response.status() != 405 && !(response.status() == 403 && exists(collection, what))) {
            throw client.statusFailure("cannot create the folder " + DavPaths.decode(collection.getRawPath()),
                    response);
        }
    }

    /** Reports a missing base collection, or is quiet when it exists or may be created. */
    private void checkBaseExists(String what) throws StorageException {
        if (settings.createIfMissing()) {
            return;
        }
        WebDavClient.Response response = client.exchange("PROPFIND", client.base(), Map.of("Depth", "0"),
                Multistatus.PROPFIND_OBJECTS, what);
        if (response.status() == 404 || response.status() == 409 || response.status() == 410) {
            baseChecked = false;
            throw baseMissing();
        }
        if (response.status() != 207) {
            throw client.statusFailure(what, response);
        }
    }

    private StorageException baseMissing() {
        return new StorageException(Kind.NOT_FOUND, "the folder " + settings.displayUrl() + " does not exist on the"
                + " WebDAV server: check the URL (Nextcloud: https://HOST/remote.php/dav/files/USER/FOLDER), or"
                + " create the folder, or turn on \"Create folder if missing\"");
    }

    /**
     * Makes sure a collection inside the target exists, top down. 405 (already exists) is fine:
     * another writer may have made it a moment ago.
     */
    private void ensureCollection(String collection, String what) throws StorageException {
        if (collection.isEmpty() || knownCollections.contains(collection)) {
            return;
        }
        int from = 0;
        int slash;
        while ((slash = collection.indexOf('/', from)) >= 0) {
            String level = collection.substring(0, slash + 1);
            from = slash + 1;
            if (knownCollections.contains(level)) {
                continue;
            }
            WebDavClient.Response response = client.exchange("MKCOL", client.uriOf(level), Map.of(), null, what);
            if (response.status() == 409) {
                // The parent is gone: the target's own folder was removed since it was checked.
                baseChecked = false;
                ensureBase();
                response = client.exchange("MKCOL", client.uriOf(level), Map.of(), null, what);
            }
            if (!response.ok() && response.status() != 405 && !(response.status() == 403 && collectionExists(level, what))) {
                throw client.statusFailure(what + ": cannot create the folder " + level, response);
            }
            if (knownCollections.size() > KNOWN_COLLECTIONS_LIMIT) {
                knownCollections.clear();
            }
            knownCollections.add(level);
        }
    }

    /**
     * Whether a collection exists now. Apache's mod_dav answers 403 instead of 405 when a concurrent
     * MKCOL made the collection between its own check and its mkdir.
     */
    private boolean collectionExists(String collection, String what) throws StorageException {
        return exists(client.uriOf(collection), what);
    }

    private boolean exists(URI collection, String what) throws StorageException {
        return client.exchange("PROPFIND", collection, Map.of("Depth", "0"), Multistatus.PROPFIND_OBJECTS, what).status() == 207;
    }

    private void forgetCollections(String collection) {
        knownCollections.removeIf(known -> collection.startsWith(known));
    }

    private void deleteQuietly(String temp) {
        try {
            client.exchange("DELETE", client.uriOf(temp), Map.of(), null, "cannot remove " + temp);
        } catch (StorageException e) {
            // A leftover in .tmp/ is invisible to readers and harmless.
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing left to read from it anyway.
        }
    }

    @Override
    public String toString() {
        return "WebDAV target at " + settings.displayUrl();
    }
}
