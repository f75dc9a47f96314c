package io.shoebox.engine.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.shoebox.api.admin.FieldInfo;
import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.SecretCodec;
import io.shoebox.api.admin.StorageTypeInfo;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.storage.Storage;
import io.shoebox.api.storage.StorageException;

/**
 * Targets are the factory configurations of storage providers; this component creates, changes
 * and removes them through Configuration Admin, checks them against the provider's Metatype, seals
 * their secrets, and tells from the storage services present which targets can be used now.
 */
@Component(service = TargetService.class)
public class TargetManager implements TargetService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long APPEAR_TIMEOUT_MILLIS = 3000;

    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metaType;
    private final SecretCodec secrets;
    private final BundleContext context;
    private final Logger log;

    /** Storage services present now, by target name. */
    private final Map<String, Storage> storages = new ConcurrentHashMap<>();

    @Activate
    public TargetManager(
            @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType,
            @Reference SecretCodec secrets,
            @Reference(service = LoggerFactory.class) Logger log,
            BundleContext context) {
        this.configAdmin = configAdmin;
        this.metaType = metaType;
        this.secrets = secrets;
        this.log = log;
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStorage(Storage storage, Map<String, Object> properties) {
        String name = Storage.targetName(properties);
        if (name != null) {
            storages.put(name, storage);
            log.info("Target {} is available", name);
        }
    }

    void removeStorage(Storage storage, Map<String, Object> properties) {
        String name = Storage.targetName(properties);
        if (name != null && storages.remove(name, storage)) {
            log.info("Target {} is no longer available", name);
        }
    }

    /** The storage of a target, if its provider has it running now. */
    public Optional<Storage> storage(String name) {
        return Optional.ofNullable(storages.get(name));
    }

    @Override
    public List<StorageTypeInfo> storageTypes() {
        Map<String, StorageTypeInfo> types = new java.util.TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            for (String factoryPid : information.getFactoryPids()) {
                if (factoryPid.startsWith(Storage.FACTORY_PID_PREFIX)) {
                    ObjectClassDefinition definition = information.getObjectClassDefinition(factoryPid, null);
                    String type = factoryPid.substring(Storage.FACTORY_PID_PREFIX.length());
                    types.put(type, new StorageTypeInfo(type, definition.getName(), definition.getDescription(),
                            MetatypeFields.of(definition), bundle.getBundleId()));
                }
            }
        }
        return new ArrayList<>(types.values());
    }

    private Optional<StorageTypeInfo> storageType(String type) {
        return storageTypes().stream().filter(t -> t.type().equals(type)).findFirst();
    }

    @Override
    public List<TargetInfo> list() {
        List<TargetInfo> targets = new ArrayList<>();
        for (Configuration configuration : configurations("(service.factoryPid=" + Storage.FACTORY_PID_PREFIX + "*)")) {
            targets.add(describe(configuration));
        }
        targets.sort(Comparator.comparing(TargetInfo::name));
        return targets;
    }

    @Override
    public Optional<TargetInfo> get(String name) {
        return find(name).map(this::describe);
    }

    @Override
    public TargetInfo create(String name, String type, Map<String, Object> config, String repositoryPassword) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidConfigurationException("name", "name must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (type == null || type.isBlank()) {
            throw new InvalidConfigurationException("type", "type is required; available types: " + typeNames());
        }
        StorageTypeInfo storageType = storageType(type).orElseThrow(() -> new InvalidConfigurationException("type",
                "unknown storage type '" + type + "'; available types: " + typeNames()));
        if (find(name).isPresent()) {
            throw new IllegalStateException("a target named '" + name + "' already exists");
        }
        Dictionary<String, Object> properties = validated(storageType, config, null);
        putPassword(properties, repositoryPassword, null);
        try {
            Configuration configuration = configAdmin.getFactoryConfiguration(Storage.FACTORY_PID_PREFIX + type, name, "?");
            configuration.update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the configuration of target " + name + ": " + e.getMessage(), e);
        }
        log.info("Created target {} of type {}", name, type);
        return awaitRestarted(name, null);
    }

    @Override
    public TargetInfo update(String name, Map<String, Object> config, String repositoryPassword) {
        Configuration configuration = find(name).orElseThrow(() -> new NoSuchElementException("no target named '" + name + "'"));
        String type = typeOf(configuration);
        StorageTypeInfo storageType = storageType(type).orElseThrow(() -> new InvalidConfigurationException("type",
                "the provider of type '" + type + "' is not installed; install it before changing this target"));
        Dictionary<String, Object> previous = configuration.getProperties();
        Dictionary<String, Object> properties = validated(storageType, config, previous);
        putPassword(properties, repositoryPassword, previous);
        Storage before = storages.get(name);
        try {
            if (!configuration.updateIfDifferent(properties)) {
                return get(name).orElseThrow();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the configuration of target " + name + ": " + e.getMessage(), e);
        }
        log.info("Updated target {}", name);
        return awaitRestarted(name, before);
    }

    @Override
    public boolean delete(String name) {
        Optional<Configuration> configuration = find(name);
        if (configuration.isEmpty()) {
            return false;
        }
        try {
            configuration.get().delete();
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove target " + name + ": " + e.getMessage(), e);
        }
        log.info("Removed target {}; the data it holds was left in place", name);
        return true;
    }

    @Override
    public Optional<String> testConnection(String name) {
        TargetInfo target = get(name).orElseThrow(() -> new NoSuchElementException("no target named '" + name + "'"));
        Storage storage = storages.get(name);
        if (storage == null) {
            return Optional.of(target.reason() == null ? "target is not available" : target.reason());
        }
        try {
            storage.verifyAccess();
            return Optional.empty();
        } catch (StorageException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("the provider failed: " + e);
        }
    }

    /** The opened repository password of a target, for the engine's own use. */
    public Optional<String> repositoryPassword(String name) {
        return find(name).map(Configuration::getProperties)
                .map(properties -> (String) properties.get(REPOSITORY_PASSWORD_PROPERTY))
                .map(secrets::open);
    }

    private Dictionary<String, Object> validated(StorageTypeInfo type, Map<String, Object> config,
            Dictionary<String, Object> previous) {
        Map<String, Object> given = config == null ? Map.of() : config;
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        type.fields().forEach(field -> fields.put(field.id(), field));
        for (String key : given.keySet()) {
            if (!fields.containsKey(key)) {
                throw new InvalidConfigurationException("config." + key, "unknown field '" + key + "' for storage type '"
                        + type.type() + "'; its fields are " + fields.keySet());
            }
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        for (FieldInfo field : fields.values()) {
            Object value = given.get(field.id());
            if (value instanceof String text && text.isBlank()) {
                value = null;
            }
            if (value == null && field.isSecret() && previous != null && previous.get(field.id()) != null) {
                properties.put(field.id(), previous.get(field.id()));
                continue;
            }
            if (value == null) {
                if (field.required()) {
                    throw new InvalidConfigurationException("config." + field.id(), "field '" + field.id() + "' ("
                            + field.name() + ") is required");
                }
                continue;
            }
            Object converted;
            try {
                converted = MetatypeFields.convert(value, field.type());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("config." + field.id(), "field '" + field.id() + "' " + e.getMessage());
            }
            properties.put(field.id(), field.isSecret() ? secrets.seal(converted.toString()) : converted);
        }
        return properties;
    }

    private void putPassword(Dictionary<String, Object> properties, String password, Dictionary<String, Object> previous) {
        if (password != null && !password.isEmpty()) {
            properties.put(REPOSITORY_PASSWORD_PROPERTY, secrets.seal(password));
        } else if (previous != null && previous.get(REPOSITORY_PASSWORD_PROPERTY) != null) {
            properties.put(REPOSITORY_PASSWORD_PROPERTY, previous.get(REPOSITORY_PASSWORD_PROPERTY));
        }
    }

    /**
     * Gives the provider a moment to (re)start the target with its new configuration, so the
     * answer usually shows the target as it will be, not as it was.
     */
    private TargetInfo awaitRestarted(String name, Storage before) {
        long deadline = System.currentTimeMillis() + APPEAR_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Storage now = storages.get(name);
            if (now != null && now != before) {
                break;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return get(name).orElseThrow();
    }

    private TargetInfo describe(Configuration configuration) {
        String name = nameOf(configuration);
        String type = typeOf(configuration);
        Optional<StorageTypeInfo> storageType = storageType(type);
        Set<String> secretFields = new TreeSet<>();
        storageType.ifPresent(t -> t.fields().stream().filter(FieldInfo::isSecret).forEach(f -> secretFields.add(f.id())));
        Map<String, Object> config = new LinkedHashMap<>();
        Set<String> secretsSet = new TreeSet<>();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                Object value = properties.get(key);
                if (key.startsWith(".") || key.startsWith("service.") || key.startsWith("felix.")
                        || key.equals(Storage.TARGET_PROPERTY)) {
                    continue;
                }
                if (secretFields.contains(key) || (value instanceof String s && secrets.isSealed(s))) {
                    secretsSet.add(key);
                } else {
                    config.put(key, value);
                }
            }
        }
        TargetStatus status;
        String reason = null;
        if (storages.containsKey(name)) {
            status = TargetStatus.AVAILABLE;
        } else {
            status = TargetStatus.UNAVAILABLE;
            reason = storageType.isEmpty()
                    ? "no provider for storage type '" + type + "' is installed"
                    : "the '" + type + "' provider has not started this target; see the server log";
        }
        return new TargetInfo(name, type, new java.util.TreeMap<>(config), status, reason, secretsSet);
    }

    private Optional<Configuration> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return configurations("(&(service.factoryPid=" + Storage.FACTORY_PID_PREFIX + "*)(service.pid=*~" + name + "))")
                .stream().filter(c -> nameOf(c).equals(name)).findFirst();
    }

    private List<Configuration> configurations(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configurations: " + e.getMessage(), e);
        }
    }

    private static String nameOf(Configuration configuration) {
        String pid = configuration.getPid();
        return pid.substring(pid.indexOf('~') + 1);
    }

    private static String typeOf(Configuration configuration) {
        return configuration.getFactoryPid().substring(Storage.FACTORY_PID_PREFIX.length());
    }

    private String typeNames() {
        List<String> names = storageTypes().stream().map(StorageTypeInfo::type).toList();
        return names.isEmpty() ? "none (no storage provider is installed)" : String.join(", ", names);
    }
}
