package io.shoebox.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.service.log.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.ByteSource;
import io.shoebox.api.storage.ObjectInfo;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.internal.crypto.Hex;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.Json;
import io.shoebox.repository.internal.format.Sealed;

/**
 * Locks as leases: {@code locks/<random>} objects that their holder rewrites (new object, then the
 * old one deleted) every refresh interval, each stating when it expires. A lock is stale once both
 * its stated expiry and its storage time plus its lease have passed, or at once when it names this
 * host and a process that no longer runs there (the pid is gone, or now belongs to a process started
 * at another time); whoever wants a lock deletes stale ones.
 */
final class Locks {

    static final String PREFIX = "locks/";
    /** How long an unreadable lock object blocks before it counts as stale. */
    static final Duration UNREADABLE_LEASE = Duration.ofMinutes(30);
    /**
     * Start times of one process that differ by at most this much are equal: Linux derives them from
     * the boot time, which it reports to the second and which moves with clock adjustments, so two
     * JVMs can see the same process start up to a second apart.
     */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);
    private static final String LOCAL_HOSTNAME = hostname();
    private static final Instant PROCESS_START = ProcessHandle.current().info().startInstant().orElse(null);

    private final Storage storage;
    private final MasterKey key;
    private final RepositoryOptions options;
    private final Logger log;
    private final String hostname = LOCAL_HOSTNAME;
    private final long pid = ProcessHandle.current().pid();
    /** Locks of gone local processes already reported, so each is logged once. */
    private final Set<String> reportedGone = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService refresher;

    Locks(Storage storage, MasterKey key, RepositoryOptions options, Logger log) {
        this.storage = storage;
        this.key = key;
        this.options = options;
        this.log = log;
    }

    /**
     * A process on this host as the system shows it.
     *
     * @param alive whether a process with the pid runs
     * @param start when it started, or {@code null} when the system does not say
     */
    record LocalProcess(boolean alive, Instant start) {

        static LocalProcess of(long pid) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return new LocalProcess(false, null);
            }
            return new LocalProcess(true, handle.get().info().startInstant().orElse(null));
        }
    }

    /** Why a lock no longer counts, or that it still does. */
    enum Staleness {
        FRESH, EXPIRED, PROCESS_GONE, PID_REUSED, UNREADABLE
    }

    /** A lock object as read from the storage. */
    record Holder(String key, boolean exclusive, String hostname, long pid, Instant processStart, Instant created,
            Instant refreshed, Instant expires, Instant modified, boolean readable) {

        /** When the lease of this object ends: its stated expiry, or its storage time plus its lease if later. */
        Instant leaseEnd() {
            if (!readable) {
                return modified.plus(UNREADABLE_LEASE);
            }
            Instant byStorage = modified.plus(Duration.between(refreshed, expires));
            return byStorage.isAfter(expires) ? byStorage : expires;
        }

        Staleness staleness(Instant now) {
            if (!readable) {
                return leaseEnd().isBefore(now) ? Staleness.UNREADABLE : Staleness.FRESH;
            }
            if (leaseEnd().isBefore(now)) {
                return Staleness.EXPIRED;
            }
            if (!LOCAL_HOSTNAME.equals(hostname) || pid <= 0) {
                return Staleness.FRESH; // another host: only the lease counts
            }
            if (pid == ProcessHandle.current().pid() && sameStart(processStart, PROCESS_START)) {
                return Staleness.FRESH; // this process (perhaps another repository object in it)
            }
            LocalProcess process = LocalProcess.of(pid);
            if (!process.alive()) {
                return Staleness.PROCESS_GONE;
            }
            if (processStart != null && process.start() != null && !sameStart(processStart, process.start())) {
                return Staleness.PID_REUSED;
            }
            return Staleness.FRESH; // alive; without both start times, pid reuse cannot be told apart
        }

        String describe(Instant now, Staleness staleness) {
            if (!readable) {
                return "unreadable lock object " + key + " (written " + modified + ", "
                        + (staleness == Staleness.FRESH ? "counts until " : "stale since ") + leaseEnd() + ")";
            }
            String held = (exclusive ? "exclusive" : "shared") + " lock held by " + hostname + " (pid " + pid
                    + ") for " + human(Duration.between(created, now));
            return switch (staleness) {
                case FRESH -> held + ", fresh until " + leaseEnd();
                case EXPIRED -> held + ", expired at " + leaseEnd();
                case PROCESS_GONE -> held + ": process " + pid + " on this host is gone";
                case PID_REUSED -> held + ": process " + pid + " on this host is another process now (the holder "
                        + "started at " + processStart + ")";
                case UNREADABLE -> held;
            };
        }

        /** "an exclusive lock held by ..." for error messages. */
        String describeWithArticle(Instant now, Staleness staleness) {
            String text = describe(now, staleness);
            return (text.startsWith("exclusive") || text.startsWith("unreadable") ? "an " : "a ") + text;
        }

        String name() {
            return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        }
    }

    static boolean sameStart(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Duration.between(a, b).abs().compareTo(START_TOLERANCE) <= 0;
    }

    static String human(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }

    /** A lock object and how it stands now. */
    record Judged(Holder holder, Staleness staleness, String description) {
        boolean stale() {
            return staleness != Staleness.FRESH;
        }
    }

    /** Every lock object, judged now. */
    List<Judged> all() throws IOException {
        List<ObjectInfo> objects = new ArrayList<>();
        storage.list(PREFIX, objects::add);
        Instant now = Instant.now();
        List<Judged> result = new ArrayList<>();
        for (ObjectInfo object : objects) {
            Holder holder = read(object);
            if (holder != null) {
                Staleness staleness = holder.staleness(now);
                result.add(new Judged(holder, staleness, holder.describe(now, staleness)));
            }
        }
        return result;
    }

    /** Every fresh lock object, with stale ones deleted (when {@code clean}). */
    List<Holder> holders(boolean clean) throws IOException {
        List<Holder> fresh = new ArrayList<>();
        for (Judged judged : all()) {
            if (!judged.stale()) {
                fresh.add(judged.holder());
            } else if (clean) {
                remove(judged);
            }
        }
        return fresh;
    }

    /**
     * Deletes lock objects: the stale ones, or with {@code all} every one, fresh ones included.
     *
     * @return the objects deleted, as they were judged before
     */
    List<Judged> removeLocks(boolean all) throws IOException {
        List<Judged> removed = new ArrayList<>();
        for (Judged judged : all()) {
            if ((all || judged.stale()) && remove(judged)) {
                removed.add(judged);
            }
        }
        return removed;
    }

    private boolean remove(Judged judged) {
        String objectKey = judged.holder().key();
        if (judged.staleness() == Staleness.PROCESS_GONE || judged.staleness() == Staleness.PID_REUSED) {
            if (reportedGone.add(objectKey)) {
                log.warn("removing lock {} at once, without waiting for its lease: {}", objectKey,
                        judged.description());
            }
        } else {
            log.info("removing {} lock {}: {}", judged.stale() ? "stale" : "fresh", objectKey, judged.description());
        }
        try {
            storage.delete(objectKey);
            return true;
        } catch (StorageException e) {
            log.warn("could not remove lock {}", objectKey, e);
            return false;
        }
    }

    private Holder read(ObjectInfo object) {
        Instant modified = object.modified() == null ? Instant.now() : object.modified();
        try (InputStream in = storage.read(object.key())) {
            byte[] bytes = in.readAllBytes();
            JsonNode json = Json.parse(Sealed.LOCK.open(key, bytes, object.key()), object.key());
            Instant created = Instant.parse(Json.text(json, "created", object.key()));
            JsonNode processStart = json.get("processStart");
            return new Holder(object.key(), json.path("exclusive").asBoolean(true), json.path("hostname").asText("?"),
                    json.path("pid").asLong(-1),
                    processStart == null || !processStart.isTextual() ? null : Instant.parse(processStart.asText()),
                    created, Instant.parse(json.path("refreshed").asText(created.toString())),
                    Instant.parse(Json.text(json, "expires", object.key())), modified, true);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return null; // released meanwhile
            }
            return unreadable(object.key(), modified);
        } catch (IOException | RuntimeException e) {
            return unreadable(object.key(), modified);
        }
    }

    private static Holder unreadable(String objectKey, Instant modified) {
        return new Holder(objectKey, true, "?", -1, null, modified, modified, modified, modified, false);
    }

    /** Whether a fresh exclusive lock other than {@code except} exists (used before adopting packs). */
    boolean exclusiveHeldByOther(Optional<String> except) throws IOException {
        for (Holder holder : holders(false)) {
            if (holder.exclusive() && (except.isEmpty() || !except.get().equals(holder.key()))) {
                return true;
            }
        }
        return false;
    }

    Lease acquire(boolean exclusive) throws IOException {
        Instant now = Instant.now();
        for (Holder holder : holders(true)) {
            if (exclusive || holder.exclusive()) {
                throw locked(exclusive, holder, now);
            }
        }
        Lease lease = new Lease(exclusive, now);
        lease.write();
        // Only the exclusive locker waits for racing writers to show: a shared lock written before
        // its own check is seen by the exclusive locker's later check, which then backs off.
        if (exclusive && !options.lockSettle().isZero()) {
            try {
                Thread.sleep(options.lockSettle().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lease.release();
                throw new java.io.InterruptedIOException("interrupted while taking a lock");
            }
        }
        now = Instant.now();
        for (Holder holder : holders(false)) {
            if (!holder.key().equals(lease.current) && (exclusive || holder.exclusive())) {
                lease.release();
                throw locked(exclusive, holder, now);
            }
        }
        lease.schedule();
        return lease;
    }

    private static RepositoryException locked(boolean exclusive, Holder holder, Instant now) {
        return new RepositoryException(Reason.LOCKED, "the repository is locked: cannot take "
                + (exclusive ? "an exclusive" : "a shared") + " lock because of "
                + holder.describeWithArticle(now, Staleness.FRESH)
                + "; a lock that is not refreshed goes stale after its lease");
    }

    private ScheduledExecutorService refresher() {
        ScheduledExecutorService service = refresher;
        if (service == null) {
            synchronized (this) {
                service = refresher;
                if (service == null) {
                    service = Threads.scheduler("lock-refresh", 1);
                    refresher = service;
                }
            }
        }
        return service;
    }

    void shutdown() {
        ScheduledExecutorService service = refresher;
        if (service != null) {
            service.shutdownNow();
        }
    }

    /** A held lock. */
    final class Lease implements RepositoryLock {

        private final boolean exclusive;
        private final Instant created;
        private volatile String current;
        private volatile Instant expires;
        private volatile boolean released;
        private ScheduledFuture<?> refresh;

        Lease(boolean exclusive, Instant created) {
            this.exclusive = exclusive;
            this.created = created;
        }

        @Override
        public boolean exclusive() {
            return exclusive;
        }

        String objectKey() {
            return current;
        }

        /** Whether the lease is still in force (held and not expired). */
        boolean valid() {
            return !released && Instant.now().isBefore(expires);
        }

        void ensureValid() throws RepositoryException {
            if (!valid()) {
                throw new RepositoryException(Reason.LOCKED,
                        "this process's lock on the repository has expired or was released");
            }
        }

        private void write() throws IOException {
            Instant now = Instant.now();
            Instant until = now.plus(options.lockLease());
            ObjectNode json = Json.object();
            json.put("exclusive", exclusive);
            json.put("hostname", hostname);
            json.put("pid", pid);
            if (PROCESS_START != null) {
                json.put("processStart", PROCESS_START.toString());
            }
            json.put("created", created.toString());
            json.put("refreshed", now.toString());
            json.put("expires", until.toString());
            byte[] sealed = Sealed.LOCK.seal(key, Json.bytes(json));
            String name = PREFIX + Hex.of(MasterKey.randomBytes(32));
            storage.create(name, ByteSource.of(sealed));
            String previous = current;
            current = name;
            expires = until;
            if (previous != null) {
                try {
                    storage.delete(previous);
                } catch (StorageException e) {
                    log.warn("could not delete the previous lock object {}", previous, e);
                }
            }
        }

        private void schedule() {
            long period = options.lockRefresh().toMillis();
            refresh = refresher().scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.MILLISECONDS);
        }

        private synchronized void refresh() {
            if (released) {
                return;
            }
            try {
                write();
            } catch (IOException | RuntimeException e) {
                log.warn("could not refresh the repository lock; it stays fresh until {}", expires, e);
            }
        }

        /** Stops refreshing without deleting the lock object, as a crashed process would (tests). */
        synchronized void abandon() {
            released = true;
            if (refresh != null) {
                refresh.cancel(false);
            }
        }

        private synchronized void release() {
            abandon();
            try {
                if (current != null) {
                    storage.delete(current);
                }
            } catch (StorageException e) {
                log.warn("could not delete lock {}; it goes stale after its lease", current, e);
            }
        }

        @Override
        public void close() {
            if (!released) {
                release();
            }
        }
    }

    /** The host name this process writes into its locks. */
    static String localHostname() {
        return LOCAL_HOSTNAME;
    }

    /** The start of this process as its locks state it, or {@code null} when the system does not say. */
    static Instant processStart() {
        return PROCESS_START;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
