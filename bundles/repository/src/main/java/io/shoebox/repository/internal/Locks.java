package io.shoebox.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * its stated expiry and its storage time plus its lease have passed; whoever wants a lock deletes
 * stale ones.
 */
final class Locks {

    private static final System.Logger LOG = System.getLogger(Locks.class.getName());
    static final String PREFIX = "locks/";
    /** How long an unreadable lock object blocks before it counts as stale. */
    static final Duration UNREADABLE_LEASE = Duration.ofMinutes(30);

    private final Storage storage;
    private final MasterKey key;
    private final RepositoryOptions options;
    private final String hostname = hostname();
    private final long pid = ProcessHandle.current().pid();
    private volatile ScheduledExecutorService refresher;

    Locks(Storage storage, MasterKey key, RepositoryOptions options) {
        this.storage = storage;
        this.key = key;
        this.options = options;
    }

    /** A lock object as read from the storage. */
    record Holder(String key, boolean exclusive, String hostname, long pid, Instant created, Instant refreshed,
            Instant expires, Instant modified, boolean readable) {

        boolean stale(Instant now) {
            if (!readable) {
                return modified.plus(UNREADABLE_LEASE).isBefore(now);
            }
            Duration lease = Duration.between(refreshed, expires);
            return expires.isBefore(now) && modified.plus(lease).isBefore(now);
        }

        String describe(Instant now) {
            if (!readable) {
                return "an unreadable lock " + key;
            }
            return (exclusive ? "an exclusive" : "a shared") + " lock held by " + hostname + " (pid " + pid
                    + ") for " + human(Duration.between(created, now)) + ", fresh until " + expires;
        }
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

    /** Every lock object, with stale ones deleted (when {@code clean}). */
    List<Holder> holders(boolean clean) throws IOException {
        List<ObjectInfo> objects = new ArrayList<>();
        storage.list(PREFIX, objects::add);
        Instant now = Instant.now();
        List<Holder> fresh = new ArrayList<>();
        for (ObjectInfo object : objects) {
            Holder holder = read(object);
            if (holder == null) {
                continue;
            }
            if (holder.stale(now)) {
                if (clean) {
                    LOG.log(Level.INFO, "removing stale lock {0}: {1}", object.key(), holder.describe(now));
                    try {
                        storage.delete(object.key());
                    } catch (StorageException e) {
                        LOG.log(Level.WARNING, "could not remove stale lock " + object.key(), e);
                    }
                }
                continue;
            }
            fresh.add(holder);
        }
        return fresh;
    }

    private Holder read(ObjectInfo object) {
        Instant modified = object.modified() == null ? Instant.now() : object.modified();
        try (InputStream in = storage.read(object.key())) {
            byte[] bytes = in.readAllBytes();
            JsonNode json = Json.parse(Sealed.LOCK.open(key, bytes, object.key()), object.key());
            Instant created = Instant.parse(Json.text(json, "created", object.key()));
            return new Holder(object.key(), json.path("exclusive").asBoolean(true), json.path("hostname").asText("?"),
                    json.path("pid").asLong(-1), created,
                    Instant.parse(json.path("refreshed").asText(created.toString())),
                    Instant.parse(Json.text(json, "expires", object.key())), modified, true);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return null; // released meanwhile
            }
            return new Holder(object.key(), true, "?", -1, modified, modified, modified, modified, false);
        } catch (IOException | RuntimeException e) {
            return new Holder(object.key(), true, "?", -1, modified, modified, modified, modified, false);
        }
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
                + (exclusive ? "an exclusive" : "a shared") + " lock because of " + holder.describe(now)
                + "; a lock that is not refreshed goes stale after its lease");
    }

    private ScheduledExecutorService refresher() {
        ScheduledExecutorService service = refresher;
        if (service == null) {
            synchronized (this) {
                service = refresher;
                if (service == null) {
                    service = Executors.newSingleThreadScheduledExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "shoebox-lock-refresh");
                        thread.setDaemon(true);
                        return thread;
                    });
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
                    LOG.log(Level.WARNING, "could not delete the previous lock object " + previous, e);
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
                LOG.log(Level.WARNING, "could not refresh the repository lock; it stays fresh until " + expires, e);
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
                LOG.log(Level.WARNING, "could not delete lock " + current + "; it goes stale after its lease", e);
            }
        }

        @Override
        public void close() {
            if (!released) {
                release();
            }
        }
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
