package io.shoebox.engine.internal.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.PromiseFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.engine.internal.concurrent.Waits;
import io.shoebox.engine.internal.values.ConfigValues;

/**
 * The policies as Configuration Admin keeps them, one {@code shoebox.policy~<name>} factory
 * configuration each, and the {@link PolicyDefinition}s Declarative Services makes of them. Settings
 * are checked before they are stored. Configuration Admin and DS apply a stored policy
 * asynchronously: {@link #create} and {@link #update} wait on a promise that the definition's
 * arrival (or its change in place) resolves once it shows the stored settings.
 */
final class PolicyStore {

    /** How long a stored policy may take to become a definition. */
    static final long ACTIVATION_TIMEOUT_MILLIS = 10_000;

    private final ConfigurationAdmin configAdmin;
    private final PolicySettings.World world;
    private final long activationTimeoutMillis;
    /** Callbacks run on the thread that resolves, the one binding the definition. */
    private final PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());
    private final Map<String, PolicyDefinition> definitions = new ConcurrentHashMap<>();
    /** Waits for a definition to show given settings, by policy name; guarded by {@code this}. */
    private final Map<String, List<Waiter>> waiters = new HashMap<>();

    /** One wait for the definition of a policy to show {@code settings}. */
    private record Waiter(Map<String, Object> settings, Deferred<PolicyDefinition> arrival) {
    }

    PolicyStore(ConfigurationAdmin configAdmin, PolicySettings.World world, long activationTimeoutMillis) {
        this.configAdmin = configAdmin;
        this.world = world;
        this.activationTimeoutMillis = activationTimeoutMillis;
    }

    // ---- what Declarative Services made of the configurations

    /** A definition DS bound: its policy exists now. */
    void bound(PolicyDefinition definition) {
        definitions.put(definition.name(), definition);
        changed(definition);
    }

    /** A definition whose configuration DS applied in place. */
    void updated(PolicyDefinition definition) {
        changed(definition);
    }

    void unbound(PolicyDefinition definition) {
        definitions.remove(definition.name(), definition);
    }

    Collection<PolicyDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    Optional<PolicyDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    private void changed(PolicyDefinition definition) {
        Map<String, Object> shown = PolicySettings.visible(definition.properties());
        List<Waiter> arrived = new ArrayList<>();
        synchronized (this) {
            List<Waiter> waiting = waiters.get(definition.name());
            if (waiting != null) {
                waiting.removeIf(waiter -> waiter.settings().equals(shown) && arrived.add(waiter));
                if (waiting.isEmpty()) {
                    waiters.remove(definition.name());
                }
            }
        }
        arrived.forEach(waiter -> waiter.arrival().resolve(definition));
    }

    // ---- the configurations

    /**
     * Stores a new policy and waits for its definition.
     *
     * @throws InvalidConfigurationException naming the bad name or setting
     * @throws IllegalStateException when a policy of that name exists, or the stored one did not become active
     */
    PolicyDefinition create(String name, Map<String, Object> config) {
        if (name == null || !ConfigValues.NAME.matcher(name).matches()) {
            throw new InvalidConfigurationException("name", "name must be " + ConfigValues.NAME_RULE);
        }
        if (find(name).isPresent()) {
            throw new IllegalStateException("a policy named '" + name + "' already exists");
        }
        return awaitDefinition(name, store(name, config, null));
    }

    /**
     * Replaces a policy's settings and waits for its definition to show them.
     *
     * @throws NoSuchElementException when there is no such policy
     */
    PolicyDefinition update(String name, Map<String, Object> config) {
        Configuration configuration = find(name).orElseThrow(() -> new NoSuchElementException(
                "no policy named '" + name + "'"));
        return awaitDefinition(name, store(name, config, configuration));
    }

    /** Removes a policy's configuration; {@code false} when there was none. */
    boolean delete(String name) {
        Optional<Configuration> configuration = find(name);
        if (configuration.isEmpty()) {
            return false;
        }
        try {
            configuration.get().delete();
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove policy " + name + ": " + e.getMessage(), e);
        }
    }

    /** Checks the settings and stores them; returns the configuration stored. */
    private Configuration store(String name, Map<String, Object> config, Configuration existing) {
        Map<String, Object> given = config == null ? Map.of() : config;
        PolicySettings settings = PolicySettings.read(name, given, world);
        if (!settings.valid()) {
            String problem = settings.problems().get(0);
            int colon = problem.indexOf(':');
            throw new InvalidConfigurationException(colon > 0 ? "config." + problem.substring(0, colon) : "config",
                    String.join("; ", settings.problems()));
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        settings.raw().forEach((key, value) -> {
            if (value instanceof List<?> list) {
                properties.put(key, list.stream().map(String::valueOf).toArray(String[]::new));
            } else if (value instanceof Number || value instanceof Boolean || value instanceof String) {
                properties.put(key, value);
            } else if (value != null) {
                properties.put(key, value.toString());
            }
        });
        try {
            Configuration configuration = existing != null ? existing
                    : configAdmin.getFactoryConfiguration(PolicyService.FACTORY_PID, name, "?");
            configuration.update(properties);
            return configuration;
        } catch (IOException e) {
            throw new IllegalStateException("cannot store policy " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the policy's definition shows the settings just stored: at once if it does
     * already, else when DS binds or updates it. After the timeout, the definition as it is, if any.
     */
    private PolicyDefinition awaitDefinition(String name, Configuration stored) {
        Map<String, Object> settings = PolicySettings.visible(properties(stored));
        Waiter waiter = new Waiter(settings, promises.deferred());
        synchronized (this) {
            PolicyDefinition now = definitions.get(name);
            if (now != null && PolicySettings.visible(now.properties()).equals(settings)) {
                return now;
            }
            waiters.computeIfAbsent(name, n -> new ArrayList<>()).add(waiter);
        }
        try {
            return Waits.await(waiter.arrival().getPromise(), activationTimeoutMillis)
                    .or(() -> definition(name))
                    .orElseThrow(() -> new IllegalStateException("policy " + name + " was stored but has not become"
                            + " active; see the server log"));
        } finally {
            forget(name, waiter);
        }
    }

    private synchronized void forget(String name, Waiter waiter) {
        List<Waiter> waiting = waiters.get(name);
        if (waiting != null && waiting.remove(waiter) && waiting.isEmpty()) {
            waiters.remove(name);
        }
    }

    /** How many waits are under way, for tests: a wait that ended leaves nothing behind. */
    synchronized int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    private static Map<String, Object> properties(Configuration configuration) {
        Map<String, Object> map = new HashMap<>();
        Dictionary<String, Object> dictionary = configuration.getProperties();
        if (dictionary != null) {
            for (var keys = dictionary.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, dictionary.get(key));
            }
        }
        return map;
    }

    private Optional<Configuration> find(String name) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PolicyService.FACTORY_PID + "~" + name
                    + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the policy configurations: " + e.getMessage(), e);
        }
    }
}
