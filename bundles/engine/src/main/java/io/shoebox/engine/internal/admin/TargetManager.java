package io.shoebox.engine.internal.admin;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.MetaTypeService;

import io.shoebox.api.admin.ProviderTypeInfo;
import io.shoebox.api.admin.SecretCodec;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;
import io.shoebox.engine.internal.admin.ProviderConfigurations.Instance;

/**
 * Targets are the factory configurations of storage providers. This component keeps them through
 * Configuration Admin, seals their secrets, and tells from the storage services present which
 * targets can be used now.
 */
// The preparer is looked up when a target is created, not bound: it depends on this component itself.
@Component(service = {TargetService.class, TargetManager.class}, reference = @Reference(name = TargetManager.PREPARER,
        service = TargetPreparer.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC))
public class TargetManager implements TargetService {

    static final String PREPARER = "preparer";
    /** A target looked at whose last contact is older than this is contacted again, in the background. */
    static final java.time.Duration LOOKED_AT_AGAIN = java.time.Duration.ofSeconds(15);


    private final ProviderConfigurations configurations;
    private final SecretCodec secrets;
    private final Logger log;
    private final ServicesByName<Storage> storages;
    private final ComponentContext component;
    private final TargetHealth health;

    @Activate
    public TargetManager(
            @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType,
            @Reference SecretCodec secrets,
            @Reference(service = LoggerFactory.class) Logger log,
            @Reference TargetHealth health,
            BundleContext context,
            ComponentContext component) {
        this.component = component;
        this.health = health;
        this.configurations = new ProviderConfigurations(Storage.FACTORY_PID_PREFIX, "target", configAdmin, metaType, secrets,
                context);
        this.secrets = secrets;
        this.log = log;
        this.storages = new ServicesByName<>("Target", log);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStorage(Storage storage, Map<String, Object> properties) {
        storages.add(Storage.targetName(properties), storage);
    }

    void removeStorage(Storage storage, Map<String, Object> properties) {
        storages.remove(Storage.targetName(properties), storage);
    }

    /**
     * Waits until a target is available, as its provider's storage service arrives or a contact with it
     * succeeds, reacting to those events; at most {@code timeoutMillis}.
     *
     * @return the target as it is then
     */
    public Optional<TargetInfo> awaitAvailable(String name, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            CompletableFuture<Void> reached = health.nextReach(name);
            Optional<TargetInfo> target = get(name);
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (target.isEmpty() || target.get().status() == TargetStatus.AVAILABLE || left <= 0) {
                return target;
            }
            if (storages.get(name).isEmpty()) {
                storages.await(name, null, left); // the provider has not started it yet
            } else {
                health.probeSoon(name);
                try {
                    reached.get(left, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // looked at again below
                }
            }
        }
    }

    /** The storage of a target, if its provider has it running now. */
    public Optional<Storage> storage(String name) {
        return storages.get(name);
    }

    /**
     * The storage of a target as soon as its provider registers it, for a target whose provider is
     * starting; empty if it does not come within {@code timeoutMillis}.
     */
    public Optional<Storage> awaitStorage(String name, long timeoutMillis) {
        return storages.await(name, null, timeoutMillis);
    }

    /** Whether the provider of the target's type is running or still being started. */
    public boolean providerMeantToRun(TargetInfo target) {
        return configurations.providerMeantToRun(target.type());
    }

    @Override
    public List<ProviderTypeInfo> storageTypes() {
        return configurations.types();
    }

    @Override
    public List<TargetInfo> list() {
        return configurations.list().stream().map(this::info).toList();
    }

    @Override
    public Optional<TargetInfo> get(String name) {
        return configurations.get(name).map(this::info);
    }

    @Override
    public TargetInfo create(String name, String type, Map<String, Object> config, String repositoryPassword) {
        configurations.create(name, type, config, passwordProperty(repositoryPassword));
        log.info("Created target {} of type {}", name, type);
        if (storages.awaitReplaced(name, null).isPresent()) {
            prepare(name, repositoryPassword);
        }
        return get(name).orElseThrow();
    }

    @Override
    public TargetInfo update(String name, Map<String, Object> config, String repositoryPassword) {
        var configuration = configurations.find(name).orElseThrow(() -> missing(name));
        Storage before = storages.get(name).orElse(null);
        if (configurations.update(configuration, config, passwordProperty(repositoryPassword),
                Set.of(REPOSITORY_PASSWORD_PROPERTY))) {
            log.info("Updated target {}", name);
            health.forget(name);
            storages.awaitReplaced(name, before);
        }
        return get(name).orElseThrow();
    }

    /** Opens or initializes the new target's repository; refuses the target if its password is wrong. */
    private void prepare(String name, String repositoryPassword) {
        TargetPreparer current = (TargetPreparer) component.locateService(PREPARER);
        if (current == null || repositoryPassword == null || repositoryPassword.isEmpty()) {
            return;
        }
        try {
            current.prepare(name);
        } catch (IllegalStateException e) {
            configurations.delete(name);
            throw e;
        } catch (IOException | RuntimeException e) {
            log.warn("Target {} was created, but its repository could not be prepared yet: {}", name, e.getMessage());
        }
    }

    @Override
    public boolean delete(String name) {
        boolean deleted = configurations.delete(name);
        if (deleted) {
            health.forget(name);
            log.info("Removed target {}; the data it holds was left in place", name);
        }
        return deleted;
    }

    @Override
    public Optional<String> testConnection(String name) {
        TargetInfo target = get(name).orElseThrow(() -> missing(name));
        Optional<Storage> storage = storages.get(name);
        if (storage.isEmpty()) {
            return Optional.of(target.reason() == null ? "target is not available" : target.reason());
        }
        try {
            storage.get().verifyAccess();
            health.reached(name);
            return Optional.empty();
        } catch (StorageException e) {
            health.failed(name, e.getMessage());
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            health.failed(name, "the provider failed: " + e);
            return Optional.of("the provider failed: " + e);
        }
    }

    /** The opened repository password of a target, for the engine's own use. */
    public Optional<String> repositoryPassword(String name) {
        return configurations.find(name).map(c -> c.getProperties())
                .map(properties -> (String) properties.get(REPOSITORY_PASSWORD_PROPERTY))
                .map(secrets::open);
    }

    private Map<String, Object> passwordProperty(String password) {
        return password == null || password.isEmpty() ? Map.of() : Map.of(REPOSITORY_PASSWORD_PROPERTY, secrets.seal(password));
    }

    /** Available when its provider runs it and the last contact with it succeeded. */
    private TargetInfo info(Instance instance) {
        boolean running = storages.get(instance.name()).isPresent();
        String reason = running ? health.problem(instance.name()).orElse(null) : configurations.unavailableReason(instance);
        if (running && (reason != null || health.lastContact(instance.name())
                .map(contact -> contact.time().isBefore(java.time.Instant.now().minus(LOOKED_AT_AGAIN))).orElse(true))) {
            health.probeSoon(instance.name()); // someone is looking: find out how it is now
        }
        return new TargetInfo(instance.name(), instance.type(), instance.config(),
                reason == null ? TargetStatus.AVAILABLE : TargetStatus.UNAVAILABLE, reason, instance.secretsSet());
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("no target named '" + name + "'");
    }
}
