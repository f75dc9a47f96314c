package io.shoebox.engine.internal.repo;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.Storage;
import io.shoebox.engine.internal.admin.TargetHealth;
import io.shoebox.engine.internal.admin.TargetManager;
import io.shoebox.engine.internal.admin.TargetPreparer;
import io.shoebox.engine.internal.files.OwnerOnlyFiles;
import io.shoebox.repository.Repositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;

/**
 * The repository on each target, opened once and shared by the jobs that use it. An empty target
 * is initialized on first use with the target's repository password. A target configured without
 * one (like the default local target) gets a generated password, kept sealed in its configuration
 * and written once to {@code SHOEBOX_HOME/repository-passwords/<target>} for the owner, because
 * without it the backups cannot be restored elsewhere.
 */
@Component(service = {TargetRepositories.class, TargetPreparer.class})
public class TargetRepositories implements TargetPreparer {

    /** Throwaway data run through the backup and restore code at start, so the JIT has compiled it. */
    static final long WARMUP_BYTES = 128L << 20;
    /** The warm-up waits for the server's own start to finish: Java thread priorities mean little to Linux. */
    static final long WARMUP_DELAY_MILLIS = 3000;

    static final String CACHE_FOLDER = "repository-cache";
    static final String PASSWORDS_FOLDER = "repository-passwords";

    private final TargetManager targets;
    private final TargetHealth health;
    private final Logger log;
    private final Path home;
    private final Map<String, Opened> open = new ConcurrentHashMap<>();
    private final Map<String, UploadLimit> uploadLimits = new ConcurrentHashMap<>();

    /** Attempts and pauses for transient storage failures: about a minute and a half of patience in all. */
    static final int STORAGE_ATTEMPTS = 7;
    static final long FIRST_RETRY_PAUSE_MILLIS = 1000;
    static final long MAX_RETRY_PAUSE_MILLIS = 30_000;
    /** How long a job waits for a target whose provider is installed but has not started it yet. */
    static final long STARTING_TARGET_WAIT_MILLIS = 20_000;

    private record Opened(Storage storage, Repository repository) {
    }

    @Activate
    public TargetRepositories(@Reference TargetManager targets, @Reference TargetHealth health,
            @Reference(service = LoggerFactory.class) Logger log, BundleContext context) {
        this.targets = targets;
        this.health = health;
        this.log = log;
        String home = context.getProperty("shoebox.home");
        this.home = Path.of(home == null ? "data" : home);
        Thread warmup = Threads.named("warmup").newThread(() -> {
            try {
                Thread.sleep(WARMUP_DELAY_MILLIS); // a deliberate delay, not a wait for anything
            } catch (InterruptedException e) {
                return;
            }
            long start = System.nanoTime();
            Repositories.warmUp(WARMUP_BYTES);
            log.debug("Warmed up backup code in {} ms", (System.nanoTime() - start) / 1_000_000);
        });
        warmup.setPriority(Thread.MIN_PRIORITY);
        warmup.start();
    }

    @Override
    public void prepare(String target) throws IOException {
        try {
            open(target);
        } catch (RepositoryException e) {
            if (e.reason() == Reason.WRONG_PASSWORD) {
                throw new IllegalStateException("target " + target + " already holds a repository that this password does"
                        + " not open; give its password, or choose an empty folder", e);
            }
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        open.values().forEach(opened -> closeQuietly(opened.repository()));
        open.clear();
    }

    /**
     * The repository on a target, initializing it if the target is empty.
     *
     * @throws NoSuchElementException when there is no such target
     * @throws IOException when the target is unavailable or the repository does not open
     */
    public Repository open(String target) throws IOException {
        TargetInfo starting = targets.get(target)
                .orElseThrow(() -> new NoSuchElementException("no target named '" + target + "'"));
        startedStorage(starting); // outside the lock: other targets open meanwhile
        return openStarted(target, true);
    }

    /**
     * The repository on a target if it holds one, for readers: unlike {@link #open}, it never
     * initializes a repository or generates a password, so looking at a new target changes nothing.
     *
     * @throws NoSuchElementException when there is no such target
     * @throws IOException when the target is unavailable or the repository does not open
     */
    public Optional<Repository> openExisting(String target) throws IOException {
        TargetInfo starting = targets.get(target)
                .orElseThrow(() -> new NoSuchElementException("no target named '" + target + "'"));
        startedStorage(starting);
        if (password(target).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(openStarted(target, false));
    }

    /** The open repository, or null when the target holds none and {@code create} is false. */
    private synchronized Repository openStarted(String target, boolean create) throws IOException {
        TargetInfo info = targets.get(target)
                .orElseThrow(() -> new NoSuchElementException("no target named '" + target + "'"));
        if (password(target).isEmpty()) {
            if (!create) {
                return null;
            }
            assignGeneratedPassword(info);
        }
        Storage storage = targets.storage(target).orElseThrow(() -> new IOException("target " + target
                + " is unavailable: " + targets.get(target).map(TargetInfo::reason).orElse("it was removed")));
        Opened current = open.get(target);
        if (current != null && current.storage() == storage) {
            return current.repository();
        }
        if (current != null) {
            closeQuietly(current.repository());
        }
        char[] password = password(target).orElseThrow().toCharArray();
        Path cache = home.resolve(CACHE_FOLDER).resolve(target);
        Repository repository;
        try {
            repository = Repositories.open(resilient(target, storage), password, cache, log);
        } catch (RepositoryException e) {
            if (e.reason() == Reason.NOT_A_REPOSITORY) {
                refuseToReplace(target, e);
            }
            if (e.reason() == Reason.NOT_A_REPOSITORY && !create) {
                return null;
            } else if (e.reason() == Reason.NOT_A_REPOSITORY) {
                repository = Repositories.init(resilient(target, storage), password, cache, log);
                log.info("Initialized a new repository {} on target {}", repository.id(), target);
            } else if (e.reason() == Reason.WRONG_PASSWORD) {
                throw new RepositoryException(Reason.WRONG_PASSWORD, "target " + target + " holds a repository that does not"
                        + " open with the configured password; set the right one with PUT /api/v1/targets/" + target, e);
            } else {
                throw e;
            }
        }
        health.rememberRepository(target, repository.id());
        open.put(target, new Opened(storage, repository));
        return repository;
    }

    /**
     * A target that held a repository and now holds none has lost it (a drive not mounted, a folder
     * moved): a new repository there would hide that, and on an unmounted drive fill the system disk.
     */
    private void refuseToReplace(String target, RepositoryException notThere) throws RepositoryException {
        var known = health.knownRepository(target);
        if (known.isPresent()) {
            RepositoryException refused = new RepositoryException(Reason.NOT_A_REPOSITORY, "target " + target
                    + " held repository " + known.get() + ", which is not there any more (no config object): is the"
                    + " drive connected and mounted, or was the folder moved? If the target was emptied on purpose,"
                    + " remove it and add it again to start a new repository there", notThere);
            health.failed(target, refused.getMessage());
            throw refused;
        }
    }

    /**
     * The target's storage. Right after a start, or after its provider was updated, a target whose
     * provider is installed may not have registered its storage yet, its bundle even still waiting
     * to be started: its registration is waited for (the wait ends when the provider registers it),
     * so a job submitted at that moment runs instead of failing.
     */
    private Optional<Storage> startedStorage(TargetInfo info) {
        Optional<Storage> storage = targets.storage(info.name());
        if (storage.isEmpty() && targets.providerMeantToRun(info)) {
            storage = targets.awaitStorage(info.name(), STARTING_TARGET_WAIT_MILLIS);
        }
        return storage;
    }

    /** The target's repository password; one sealed by another server's key is an I/O failure of this target. */
    private Optional<String> password(String target) throws IOException {
        try {
            return targets.repositoryPassword(target);
        } catch (IllegalArgumentException e) {
            throw new IOException("the repository password of target " + target + " cannot be opened: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Caps the upload rate to a target until the returned handle is closed.
     *
     * @param bytesPerSecond the cap; 0 means none
     */
    public AutoCloseable limitUploads(String target, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return () -> { };
        }
        UploadLimit limit = uploadLimits.computeIfAbsent(target, t -> new UploadLimit());
        limit.set(bytesPerSecond);
        return () -> limit.set(0);
    }

    private Storage resilient(String target, Storage storage) {
        ResilientStorage.Contacts contacts = new ResilientStorage.Contacts() {
            @Override
            public void reached() {
                health.reached(target);
            }

            @Override
            public void failed(String problem) {
                health.failed(target, problem);
            }
        };
        return new ResilientStorage(storage, contacts, uploadLimits.computeIfAbsent(target, t -> new UploadLimit()),
                STORAGE_ATTEMPTS, FIRST_RETRY_PAUSE_MILLIS, MAX_RETRY_PAUSE_MILLIS);
    }

    private void assignGeneratedPassword(TargetInfo target) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = home.resolve(PASSWORDS_FOLDER).resolve(target.name());
        OwnerOnlyFiles.write(file, password + "\n");
        targets.update(target.name(), target.config(), password);
        log.warn("Target {} had no repository password: one was generated and written to {}. Keep a copy of it"
                + " somewhere safe: without it the backups on this target cannot be restored.", target.name(), file);
    }

    private void closeQuietly(Repository repository) {
        try {
            repository.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Closing repository {} failed: {}", repository.id(), e.toString());
        }
    }
}
