package io.shoebox.engine.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.shoebox.api.admin.ShoeboxHome;
import io.shoebox.api.concurrent.Threads;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;

/**
 * What the server last heard from each target, so that a target's status is the truth of its last
 * real contact and not merely that its provider is installed: an S3 endpoint on a closed port, a
 * drive that was unplugged, a repository whose folder was emptied all show as unavailable, with the
 * reason. Contacts come from every storage operation of the jobs and from a light probe (one
 * {@code stat} of the repository's config) when a target appears and then every
 * {@code probeSeconds}.
 *
 * <p>It also remembers, under {@code SHOEBOX_HOME/state/targets/}, which repository each target
 * holds once one was opened or created there, so that a target whose repository vanished is never
 * mistaken for an empty one and given a new repository (the default local target would otherwise
 * fill the system disk when its drive is not mounted).
 */
@Component(service = TargetHealth.class, configurationPid = TargetHealth.PID)
@Designate(ocd = TargetHealth.Config.class)
public class TargetHealth {

    static final String PID = "shoebox.targets.health";
    static final String STATE_FOLDER = "state/targets";
    private static final String CONFIG_KEY = "config";

    @ObjectClassDefinition(name = "Shoebox target health", description = "How often the server checks that each"
            + " target can be reached.")
    public @interface Config {
        @AttributeDefinition(name = "Probe interval (seconds)", description = "Seconds between two checks of a target"
                + " that no job is using; 0 checks only when a target appears.")
        long probeSeconds() default 60;
    }

    /** The last contact with a target: fine, or the problem met. */
    public record Contact(Instant time, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private final Logger log;
    private final Path stateFolder;
    private final Map<String, Storage> storages = new ConcurrentHashMap<>();
    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    private final Set<String> probing = ConcurrentHashMap.newKeySet();
    /** Waits for a target's next successful contact, completed when it comes. */
    private final Map<String, CompletableFuture<Void>> reachedWaiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService probes;

    @Activate
    public TargetHealth(@Reference(service = LoggerFactory.class) Logger log, Config config, BundleContext context) {
        this.log = log;
        this.stateFolder = ShoeboxHome.of(context).resolve(STATE_FOLDER);
        this.probes = Threads.scheduler("target-probe", 2);
        if (config.probeSeconds() > 0) {
            probes.scheduleWithFixedDelay(() -> storages.keySet().forEach(this::probeSoon), config.probeSeconds(),
                    config.probeSeconds(), TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        probes.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStorage(Storage storage, Map<String, Object> properties) {
        String name = Storage.targetName(properties);
        if (name != null) {
            storages.put(name, storage);
            if (probes != null) {
                probeSoon(name);
            }
        }
    }

    void removeStorage(Storage storage, Map<String, Object> properties) {
        String name = Storage.targetName(properties);
        if (name != null && storages.remove(name, storage)) {
            contacts.remove(name);
        }
    }

    /** The problem of the last contact with a target, if it failed. */
    public Optional<String> problem(String target) {
        Contact contact = contacts.get(target);
        return contact == null || contact.ok() ? Optional.empty() : Optional.of(contact.problem());
    }

    /** The last contact with a target, if there was one since the server started. */
    public Optional<Contact> lastContact(String target) {
        return Optional.ofNullable(contacts.get(target));
    }

    /** The target answered. */
    public void reached(String target) {
        Contact last = contacts.put(target, new Contact(Instant.now(), null));
        if (last != null && !last.ok()) {
            log.info("Target {} can be reached again", target);
        }
        CompletableFuture<Void> waiting = reachedWaiters.remove(target);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    /** Completes at the target's next successful contact; ask for a probe to make one happen soon. */
    public CompletableFuture<Void> nextReach(String target) {
        return reachedWaiters.computeIfAbsent(target, name -> new CompletableFuture<>());
    }

    /** The target could not be reached, or refused what was asked of it, for this reason. */
    public void failed(String target, String problem) {
        Contact last = contacts.put(target, new Contact(Instant.now(), problem));
        if (last == null || last.ok()) {
            log.warn("Target {} is unavailable: {}", target, problem);
        }
    }

    /** Checks a target now, in the background. */
    public void probeSoon(String target) {
        if (probing.add(target)) {
            try {
                probes.execute(() -> {
                    try {
                        probe(target);
                    } finally {
                        probing.remove(target);
                    }
                });
            } catch (RejectedExecutionException e) {
                probing.remove(target);
            }
        }
    }

    /** One light contact: is the repository's config where it should be? */
    void probe(String target) {
        Storage storage = storages.get(target);
        if (storage == null) {
            return;
        }
        try {
            boolean hasConfig = storage.stat(CONFIG_KEY).isPresent();
            Optional<String> known = knownRepository(target);
            if (!hasConfig && known.isPresent()) {
                failed(target, "the repository " + abbreviated(known.get()) + " that this target held is not there any"
                        + " more (no config object): is the drive connected and mounted, or was the folder moved?");
            } else {
                reached(target);
            }
        } catch (StorageException e) {
            failed(target, e.getMessage());
        } catch (RuntimeException e) {
            failed(target, "the provider failed: " + e);
        }
    }

    // ---------------------------------------------------------------- repositories the targets hold

    /** The id of the repository the target is known to hold, if one was opened or created there. */
    public Optional<String> knownRepository(String target) {
        Path file = stateFile(target);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            log.warn("Cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty("repository"));
    }

    /** Notes that the target holds this repository. */
    public void rememberRepository(String target, String repositoryId) {
        if (knownRepository(target).filter(repositoryId::equals).isPresent()) {
            return;
        }
        Properties properties = new Properties();
        properties.setProperty("repository", repositoryId);
        Path file = stateFile(target);
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                properties.store(out, "the repository target " + target + " holds");
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot record the repository of target {}: {}", target, e.toString());
        }
    }

    /**
     * Forgets what a target held: its settings changed or it was removed, so what it points at now is
     * judged afresh.
     */
    public void forget(String target) {
        contacts.remove(target);
        try {
            Files.deleteIfExists(stateFile(target));
        } catch (IOException e) {
            log.warn("Cannot forget the repository of target {}: {}", target, e.toString());
        }
        probeSoon(target);
    }

    private Path stateFile(String target) {
        return stateFolder.resolve(target + ".properties");
    }

    private static String abbreviated(String id) {
        return id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }
}
