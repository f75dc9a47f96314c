package io.shoebox.engine.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.shoebox.api.admin.InvalidConfigurationException;

class PolicyStoreTest {

    /** How long "Declarative Services" takes here to turn a stored configuration into a definition. */
    private static final long DS_DELAY_MILLIS = 300;

    private final ScheduledExecutorService ds = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryConfigAdmin configAdmin = new InMemoryConfigAdmin();
    private PolicyStore store = new PolicyStore(configAdmin.admin(), new FixedWorld(), 10_000);
    /** Whether "DS" applies stored configurations at all. */
    private volatile boolean dsApplies = true;

    @AfterEach
    void stop() {
        ds.shutdownNow();
    }

    @Test
    void create_stores_a_policy_configuration_and_returns_its_definition_as_soon_as_it_is_active() {
        long start = System.nanoTime();
        PolicyDefinition created = store.create("nightly", Map.of("sources", List.of("photos"), "targets", List.of("nas"),
                "schedule", "0 3 * * *"));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(created.name()).isEqualTo("nightly");
        assertThat(PolicySettings.visible(created.properties())).containsEntry("schedule", "0 3 * * *")
                .containsEntry("targets", List.of("nas"));
        assertThat(store.definition("nightly")).containsSame(created);
        assertThat(configAdmin.stored).containsKey("shoebox.policy~nightly");
        assertThat(took).isBetween(Duration.ofMillis(DS_DELAY_MILLIS), Duration.ofSeconds(5)); // the timeout is 10 s
        assertThat(store.waiting()).isZero();
    }

    @Test
    void update_waits_for_the_definition_to_show_the_new_settings_not_the_old() {
        store.create("nightly", Map.of("sources", List.of("photos"), "targets", List.of("nas"), "schedule", "0 3 * * *"));

        PolicyDefinition updated = store.update("nightly", Map.of("sources", List.of("photos"), "targets",
                List.of("nas", "usb"), "schedule", "0 4 * * *"));

        assertThat(PolicySettings.visible(updated.properties())).containsEntry("schedule", "0 4 * * *")
                .containsEntry("targets", List.of("nas", "usb"));
        assertThat(store.definitions()).hasSize(1);
    }

    @Test
    void invalid_settings_are_refused_naming_the_setting_and_nothing_is_stored() {
        assertThatThrownBy(() -> store.create("nightly", Map.of("sources", List.of("photos"), "targets", List.of("cloud"))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.field()).isEqualTo("config.targets"))
                .hasMessageContaining("no target named 'cloud'");
        assertThat(configAdmin.stored).isEmpty();
        assertThat(store.definitions()).isEmpty();
    }

    @Test
    void a_bad_name_or_one_already_taken_is_refused() {
        Map<String, Object> settings = Map.of("sources", List.of("photos"), "targets", List.of("nas"));
        store.create("nightly", settings);

        assertThatThrownBy(() -> store.create("night ly", settings)).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> store.create("nightly", settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.update("weekly", settings)).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void a_stored_policy_that_never_becomes_active_ends_the_wait_after_the_timeout() {
        store = new PolicyStore(configAdmin.admin(), new FixedWorld(), 400);
        dsApplies = false;

        long start = System.nanoTime();
        assertThatThrownBy(() -> store.create("nightly", Map.of("sources", List.of("photos"), "targets", List.of("nas"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not become active");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(store.waiting()).isZero();
    }

    @Test
    void delete_removes_the_configuration_and_tells_whether_there_was_one() {
        store.create("nightly", Map.of("sources", List.of("photos"), "targets", List.of("nas")));

        assertThat(store.delete("nightly")).isTrue();
        assertThat(configAdmin.stored).isEmpty();
        assertThat(store.delete("nightly")).isFalse();
    }

    /**
     * Configuration Admin in memory. What it stores, "Declarative Services" applies a little later
     * on another thread, as the real ones do: a new configuration becomes a definition the store is
     * given, a changed one changes its definition in place.
     */
    private final class InMemoryConfigAdmin {
        final Map<String, Dictionary<String, Object>> stored = new ConcurrentHashMap<>();
        final Map<String, PolicyDefinition> active = new ConcurrentHashMap<>();

        ConfigurationAdmin admin() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, arguments) -> switch (method.getName()) {
                        case "getFactoryConfiguration" -> configuration(arguments[0] + "~" + arguments[1]);
                        case "listConfigurations" -> {
                            String pid = ((String) arguments[0]).replaceAll("^\\(service\\.pid=(.*)\\)$", "$1");
                            yield stored.containsKey(pid) ? new Configuration[] {configuration(pid)} : null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        Configuration configuration(String pid) {
            return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                    (proxy, method, arguments) -> switch (method.getName()) {
                        case "getPid" -> pid;
                        case "getProperties" -> stored.containsKey(pid) ? new Hashtable<>(Map.copyOf(asMap(stored.get(pid))))
                                : null;
                        case "update" -> {
                            Hashtable<String, Object> properties = new Hashtable<>(asMap((Dictionary<String, Object>) arguments[0]));
                            properties.put("service.pid", pid);
                            stored.put(pid, properties);
                            apply(pid, asMap(properties));
                            yield null;
                        }
                        case "delete" -> {
                            stored.remove(pid);
                            PolicyDefinition gone = active.remove(pid);
                            if (gone != null) {
                                store.unbound(gone);
                            }
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == arguments[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private void apply(String pid, Map<String, Object> properties) {
            if (!dsApplies) {
                return;
            }
            Map<String, Object> componentProperties = new HashMap<>(properties);
            componentProperties.put("component.name", PolicyDefinition.class.getName());
            ds.schedule(() -> {
                PolicyDefinition definition = active.get(pid);
                if (definition == null) {
                    definition = new PolicyDefinition(componentProperties);
                    active.put(pid, definition);
                    store.bound(definition);
                } else {
                    definition.modified(componentProperties);
                    store.updated(definition);
                }
            }, DS_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }

        private static Map<String, Object> asMap(Dictionary<String, Object> dictionary) {
            Map<String, Object> map = new HashMap<>();
            for (String key : Collections.list(dictionary.keys())) {
                map.put(key, dictionary.get(key));
            }
            return map;
        }
    }
}
