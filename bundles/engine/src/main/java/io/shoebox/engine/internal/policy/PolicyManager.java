package io.shoebox.engine.internal.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.SourceService;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.api.policy.RetentionRule;
import io.shoebox.api.policy.SelectionRule;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.engine.internal.admin.TargetManager;

/**
 * Policies and their schedules, as one service. The {@link PolicyStore} keeps the policies (their
 * configurations and the definitions Declarative Services makes of them); the
 * {@link PolicyScheduler} runs them on time. This component binds what both need and hands it on.
 */
@Component(service = PolicyService.class, immediate = true)
public class PolicyManager implements PolicyService {

    private final Map<String, RetentionRule> retentionRules = new ConcurrentHashMap<>();
    private final Map<String, SelectionRule> selectionRules = new ConcurrentHashMap<>();
    private final PolicyStore store;
    private final PolicyScheduler scheduler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    @Activate
    public PolicyManager(@Reference ConfigurationAdmin configAdmin, @Reference JobService jobs,
            @Reference TargetManager targets, @Reference SourceService sources, @Reference SnapshotService snapshots,
            @Reference(service = LoggerFactory.class) Logger log, BundleContext context) {
        PolicySettings.World world = new PolicySettings.World() {
            @Override
            public boolean hasSource(String name) {
                return sources.get(name).isPresent();
            }

            @Override
            public boolean hasTarget(String name) {
                return targets.get(name).isPresent();
            }

            @Override
            public RetentionRule retentionRule(String name) {
                return retentionRules.get(name);
            }

            @Override
            public SelectionRule selectionRule(String name) {
                return selectionRules.get(name);
            }
        };
        String home = context.getProperty("shoebox.home");
        this.store = new PolicyStore(configAdmin, world, PolicyStore.ACTIVATION_TIMEOUT_MILLIS);
        this.scheduler = new PolicyScheduler(store::definitions, world, jobs, targets::awaitAvailable, snapshots, log, this::post,
                Path.of(home == null ? "data" : home), Instant.now());
        scheduler.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scheduler.stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedDefinition")
    void addDefinition(PolicyDefinition definition) {
        scheduler.changed(definition.name());
        store.bound(definition);
    }

    /** A definition whose configuration changed in place. */
    void updatedDefinition(PolicyDefinition definition) {
        scheduler.changed(definition.name());
        store.updated(definition);
    }

    void removeDefinition(PolicyDefinition definition) {
        store.unbound(definition);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRetentionRule(RetentionRule rule, Map<String, Object> properties) {
        retentionRules.put(String.valueOf(properties.get(RetentionRule.RULE_PROPERTY)), rule);
    }

    void removeRetentionRule(RetentionRule rule, Map<String, Object> properties) {
        retentionRules.remove(String.valueOf(properties.get(RetentionRule.RULE_PROPERTY)), rule);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSelectionRule(SelectionRule rule, Map<String, Object> properties) {
        selectionRules.put(String.valueOf(properties.get(SelectionRule.RULE_PROPERTY)), rule);
    }

    void removeSelectionRule(SelectionRule rule, Map<String, Object> properties) {
        selectionRules.remove(String.valueOf(properties.get(SelectionRule.RULE_PROPERTY)), rule);
    }

    // ---- the service

    @Override
    public List<PolicyInfo> list() {
        return store.definitions().stream().map(scheduler::describe).sorted(Comparator.comparing(PolicyInfo::name))
                .toList();
    }

    @Override
    public Optional<PolicyInfo> get(String name) {
        return store.definition(name).map(scheduler::describe);
    }

    @Override
    public PolicyInfo create(String name, Map<String, Object> config) {
        return scheduler.describe(store.create(name, config));
    }

    @Override
    public PolicyInfo update(String name, Map<String, Object> config) {
        return scheduler.describe(store.update(name, config));
    }

    @Override
    public boolean delete(String name) {
        if (!store.delete(name)) {
            return false;
        }
        try {
            scheduler.forget(name);
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove policy " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobInfo> runNow(String name) {
        PolicyDefinition definition = store.definition(name)
                .orElseThrow(() -> new NoSuchElementException("no policy named '" + name + "'"));
        return scheduler.runNow(definition);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }
}
