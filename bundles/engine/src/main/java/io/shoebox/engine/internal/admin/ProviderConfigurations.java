package io.shoebox.engine.internal.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.shoebox.api.admin.FieldInfo;
import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.ProviderTypeInfo;
import io.shoebox.api.admin.SecretCodec;
import io.shoebox.engine.internal.values.ConfigValues;

/**
 * Named factory configurations of one kind of provider (targets: {@code shoebox.storage.*},
 * sources: {@code shoebox.source.*}): their types from Metatype, and creating, reading, checking
 * and changing them through Configuration Admin. The instance {@code disk} of type {@code local}
 * is the configuration {@code shoebox.storage.local~disk}.
 */
final class ProviderConfigurations {

    static final Pattern NAME = ConfigValues.NAME;

    private final String factoryPrefix;
    private final String kind;
    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metaType;
    private final SecretCodec secrets;
    private final BundleContext context;

    /**
     * @param factoryPrefix factory PID prefix, ending with a dot
     * @param kind what an instance is called in messages ({@code target}, {@code source})
     */
    ProviderConfigurations(String factoryPrefix, String kind, ConfigurationAdmin configAdmin, MetaTypeService metaType,
            SecretCodec secrets, BundleContext context) {
        this.factoryPrefix = factoryPrefix;
        this.kind = kind;
        this.configAdmin = configAdmin;
        this.metaType = metaType;
        this.secrets = secrets;
        this.context = context;
    }

    /** A configured instance as stored, with its secrets kept apart. */
    record Instance(String name, String type, Map<String, Object> config, Set<String> secretsSet,
            Optional<ProviderTypeInfo> providerType, Configuration configuration) {
    }

    /** Types whose provider bundle is active now, sorted by type. */
    List<ProviderTypeInfo> types() {
        Map<String, ProviderTypeInfo> types = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            for (String factoryPid : information.getFactoryPids()) {
                if (factoryPid.startsWith(factoryPrefix)) {
                    ObjectClassDefinition definition = information.getObjectClassDefinition(factoryPid, null);
                    String type = factoryPid.substring(factoryPrefix.length());
                    types.put(type, new ProviderTypeInfo(type, definition.getName(), definition.getDescription(),
                            MetatypeFields.of(definition), bundle.getBundleId()));
                }
            }
        }
        return new ArrayList<>(types.values());
    }

    /**
     * Whether a bundle providing the type is meant to run: active, or installed with its start
     * persistently requested, as every plugin is while the framework is still starting it.
     * A plugin an operator stopped is not.
     */
    boolean providerMeantToRun(String type) {
        String factoryPid = factoryPrefix + type;
        for (Bundle bundle : context.getBundles()) {
            boolean meantToRun = bundle.getState() == Bundle.ACTIVE
                    || (bundle.getState() != Bundle.UNINSTALLED && bundle.adapt(BundleStartLevel.class) != null
                            && bundle.adapt(BundleStartLevel.class).isPersistentlyStarted());
            if (!meantToRun) {
                continue;
            }
            MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
            if (information != null && List.of(information.getFactoryPids()).contains(factoryPid)) {
                return true;
            }
        }
        return false;
    }

    Optional<ProviderTypeInfo> type(String type) {
        return types().stream().filter(t -> t.type().equals(type)).findFirst();
    }

    List<Instance> list() {
        List<Instance> instances = new ArrayList<>();
        for (Configuration configuration : configurations("(service.factoryPid=" + factoryPrefix + "*)")) {
            instances.add(describe(configuration));
        }
        instances.sort(Comparator.comparing(Instance::name));
        return instances;
    }

    Optional<Instance> get(String name) {
        return find(name).map(this::describe);
    }

    Optional<Configuration> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return configurations("(&(service.factoryPid=" + factoryPrefix + "*)(service.pid=*~" + name + "))")
                .stream().filter(c -> nameOf(c).equals(name)).findFirst();
    }

    /**
     * Checks a new instance's name, type and settings and stores it.
     *
     * @param extra further properties to store (already sealed where secret)
     */
    void create(String name, String type, Map<String, Object> config, Map<String, Object> extra) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidConfigurationException("name", "name must be " + ConfigValues.NAME_RULE);
        }
        if (type == null || type.isBlank()) {
            throw new InvalidConfigurationException("type", "type is required; available types: " + typeNames());
        }
        ProviderTypeInfo providerType = type(type).orElseThrow(() -> new InvalidConfigurationException("type",
                "unknown " + kind + " type '" + type + "'; available types: " + typeNames()));
        if (find(name).isPresent()) {
            throw new IllegalStateException("a " + kind + " named '" + name + "' already exists");
        }
        Dictionary<String, Object> properties = validated(providerType, config, null);
        extra.forEach(properties::put);
        try {
            configAdmin.getFactoryConfiguration(factoryPrefix + type, name, "?").update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the configuration of " + kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks and stores new settings of an instance; secret settings left out keep their value.
     *
     * @param keep names of private properties to carry over unless {@code extra} replaces them
     * @return whether anything changed
     */
    boolean update(Configuration configuration, Map<String, Object> config, Map<String, Object> extra, Set<String> keep) {
        String type = typeOf(configuration);
        ProviderTypeInfo providerType = type(type).orElseThrow(() -> new InvalidConfigurationException("type",
                "the provider of " + kind + " type '" + type + "' is not installed; install it before changing this " + kind));
        Dictionary<String, Object> previous = configuration.getProperties();
        Dictionary<String, Object> properties = validated(providerType, config, previous);
        for (String key : keep) {
            if (previous != null && previous.get(key) != null) {
                properties.put(key, previous.get(key));
            }
        }
        extra.forEach(properties::put);
        try {
            return configuration.updateIfDifferent(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the configuration of " + kind + " " + nameOf(configuration)
                    + ": " + e.getMessage(), e);
        }
    }

    boolean delete(String name) {
        Optional<Configuration> configuration = find(name);
        if (configuration.isEmpty()) {
            return false;
        }
        try {
            configuration.get().delete();
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + kind + " " + name + ": " + e.getMessage(), e);
        }
    }

    private Dictionary<String, Object> validated(ProviderTypeInfo type, Map<String, Object> config,
            Dictionary<String, Object> previous) {
        Map<String, Object> given = config == null ? Map.of() : config;
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        type.fields().forEach(field -> fields.put(field.id(), field));
        for (String key : given.keySet()) {
            if (!fields.containsKey(key)) {
                throw new InvalidConfigurationException("config." + key, "unknown field '" + key + "' for " + kind
                        + " type '" + type.type() + "'; its fields are " + fields.keySet());
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
                converted = MetatypeFields.convert(value, field);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("config." + field.id(), "field '" + field.id() + "' " + e.getMessage());
            }
            properties.put(field.id(), field.isSecret() ? secrets.seal(converted.toString()) : converted);
        }
        return properties;
    }

    private Instance describe(Configuration configuration) {
        String type = typeOf(configuration);
        Optional<ProviderTypeInfo> providerType = type(type);
        Set<String> secretFields = new TreeSet<>();
        providerType.ifPresent(t -> t.fields().stream().filter(FieldInfo::isSecret).forEach(f -> secretFields.add(f.id())));
        Map<String, Object> config = new TreeMap<>();
        Set<String> secretsSet = new TreeSet<>();
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                Object value = properties.get(key);
                if (key.startsWith(".") || key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("shoebox.")) {
                    continue;
                }
                if (secretFields.contains(key) || (value instanceof String s && secrets.isSealed(s))) {
                    secretsSet.add(key);
                } else {
                    config.put(key, value instanceof Object[] array ? List.of(array) : value);
                }
            }
        }
        return new Instance(nameOf(configuration), type, config, secretsSet, providerType, configuration);
    }

    /** Why an instance has no running service, in an operator's words. */
    String unavailableReason(Instance instance) {
        return instance.providerType().isEmpty()
                ? "no provider for " + kind + " type '" + instance.type() + "' is installed"
                : "the '" + instance.type() + "' provider has not started this " + kind + "; see the server log";
    }

    private List<Configuration> configurations(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configurations: " + e.getMessage(), e);
        }
    }

    static String nameOf(Configuration configuration) {
        String pid = configuration.getPid();
        return pid.substring(pid.indexOf('~') + 1);
    }

    private String typeOf(Configuration configuration) {
        return configuration.getFactoryPid().substring(factoryPrefix.length());
    }

    private String typeNames() {
        List<String> names = types().stream().map(ProviderTypeInfo::type).toList();
        return names.isEmpty() ? "none (no " + kind + " provider is installed)" : String.join(", ", names);
    }
}
