package io.shoebox.engine.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
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

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyEvents;
import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.api.policy.RetentionRule;
import io.shoebox.api.policy.SelectionRule;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.engine.values.ConfigValues;

/**
 * Policies and their schedules. Every second the scheduler looks at each valid policy: a schedule
 * time that has come starts a run, unless the policy's previous run is still going (a policy never
 * runs twice at once, so never twice on one target). A run that a stop interrupted is finished at
 * the next start; a schedule time missed while the server was down is run once at start when the
 * policy asks for it. What the scheduler must remember lives in {@code SHOEBOX_HOME/state/policies}.
 */
@Component(service = PolicyService.class, immediate = true)
public class PolicyManager implements PolicyService {

    static final String STATE_FOLDER = "state/policies";

    private final ConfigurationAdmin configAdmin;
    private final JobService jobs;
    private final TargetService targets;
    private final SourceService sources;
    private final SnapshotService snapshots;
    private final Logger log;
    private final Path stateFolder;
    private final Instant activatedAt = Instant.now();

    private final Map<String, PolicyDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<String, RetentionRule> retentionRules = new ConcurrentHashMap<>();
    private final Map<String, SelectionRule> selectionRules = new ConcurrentHashMap<>();
    private final Map<String, PolicyState> states = new ConcurrentHashMap<>();
    private final Map<String, List<String>> reportedProblems = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "shoebox-scheduler"));
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> daemon(r, "shoebox-policy-run"));

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    @Activate
    public PolicyManager(@Reference ConfigurationAdmin configAdmin, @Reference JobService jobs,
            @Reference TargetService targets, @Reference SourceService sources, @Reference SnapshotService snapshots,
            @Reference(service = LoggerFactory.class) Logger log, BundleContext context) {
        this.configAdmin = configAdmin;
        this.jobs = jobs;
        this.targets = targets;
        this.sources = sources;
        this.snapshots = snapshots;
        this.log = log;
        String home = context.getProperty("shoebox.home");
        this.stateFolder = Path.of(home == null ? "data" : home).resolve(STATE_FOLDER);
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        ticker.shutdownNow();
        runners.shutdownNow();
        runners.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedDefinition")
    void addDefinition(PolicyDefinition definition) {
        definitions.put(definition.name(), definition);
        reportedProblems.remove(definition.name());
    }

    /** A definition whose configuration changed in place: its problems, if any, are worth reporting anew. */
    void updatedDefinition(PolicyDefinition definition) {
        reportedProblems.remove(definition.name());
    }

    void removeDefinition(PolicyDefinition definition) {
        definitions.remove(definition.name(), definition);
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

    private final PolicySettings.World world = new PolicySettings.World() {
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

    // ---- the service

    @Override
    public List<PolicyInfo> list() {
        return definitions.values().stream().map(this::describe).sorted(java.util.Comparator.comparing(PolicyInfo::name))
                .toList();
    }

    @Override
    public Optional<PolicyInfo> get(String name) {
        return Optional.ofNullable(definitions.get(name)).map(this::describe);
    }

    @Override
    public PolicyInfo create(String name, Map<String, Object> config) {
        if (name == null || !ConfigValues.NAME.matcher(name).matches()) {
            throw new InvalidConfigurationException("name", "name must be " + ConfigValues.NAME_RULE);
        }
        if (find(name).isPresent()) {
            throw new IllegalStateException("a policy named '" + name + "' already exists");
        }
        store(name, config, null);
        return awaitDefinition(name);
    }

    @Override
    public PolicyInfo update(String name, Map<String, Object> config) {
        Configuration configuration = find(name).orElseThrow(() -> new java.util.NoSuchElementException(
                "no policy named '" + name + "'"));
        store(name, config, configuration);
        return awaitDefinition(name);
    }

    @Override
    public boolean delete(String name) {
        Optional<Configuration> configuration = find(name);
        if (configuration.isEmpty()) {
            return false;
        }
        try {
            configuration.get().delete();
            state(name).delete();
            states.remove(name);
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove policy " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<JobInfo> runNow(String name) {
        PolicyDefinition definition = definitions.get(name);
        if (definition == null) {
            throw new java.util.NoSuchElementException("no policy named '" + name + "'");
        }
        PolicySettings settings = PolicySettings.read(name, definition.properties(), world);
        if (!settings.valid()) {
            throw new IllegalStateException("policy " + name + " cannot run: " + String.join("; ", settings.problems()));
        }
        Instant start = Instant.now();
        if (!startRun(settings, start)) {
            throw new IllegalStateException("policy " + name + " is already running");
        }
        // The run submits its first jobs at once; wait briefly so the caller can follow them.
        long deadline = System.currentTimeMillis() + 5000;
        List<JobInfo> submitted = List.of();
        while (System.currentTimeMillis() < deadline && submitted.isEmpty() && running.contains(name)) {
            submitted = jobs.list(name, null).stream().filter(job -> !job.createdAt().isBefore(start)).toList();
            sleepQuietly(100);
        }
        return submitted;
    }

    private void store(String name, Map<String, Object> config, Configuration existing) {
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
                    : configAdmin.getFactoryConfiguration(FACTORY_PID, name, "?");
            configuration.update(properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store policy " + name + ": " + e.getMessage(), e);
        }
    }

    /** Configuration Admin and Declarative Services apply a stored policy asynchronously. */
    private PolicyInfo awaitDefinition(String name) {
        Map<String, Object> stored = PolicySettings.visible(properties(find(name)));
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            PolicyDefinition definition = definitions.get(name);
            if (definition != null && PolicySettings.visible(definition.properties()).equals(stored)) {
                return describe(definition);
            }
            sleepQuietly(50);
        }
        return get(name).orElseThrow(() -> new IllegalStateException("policy " + name + " was stored but has not become"
                + " active; see the server log"));
    }

    private static Map<String, Object> properties(Optional<Configuration> configuration) {
        Map<String, Object> map = new HashMap<>();
        configuration.map(Configuration::getProperties).ifPresent(dictionary -> {
            for (var keys = dictionary.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, dictionary.get(key));
            }
        });
        return map;
    }

    private Optional<Configuration> find(String name) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + FACTORY_PID + "~" + name + ")");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the policy configurations: " + e.getMessage(), e);
        }
    }

    private PolicyInfo describe(PolicyDefinition definition) {
        PolicySettings settings = PolicySettings.read(definition.name(), definition.properties(), world);
        PolicyState state = state(definition.name());
        Instant next = null;
        if (settings.valid() && settings.enabled() && settings.schedule() != null) {
            Instant after = state.lastFire != null ? state.lastFire : Instant.now();
            next = settings.schedule().nextAfter(after.atZone(settings.zone())).map(ZonedDateTime::toInstant).orElse(null);
        }
        return new PolicyInfo(definition.name(), settings.raw(), settings.valid(), settings.problems(),
                running.contains(definition.name()), state.lastRun, state.lastOutcome, state.lastSuccess, next,
                overdueSince(settings, state, Instant.now()) != null);
    }

    // ---- the scheduler

    private void tick() {
        Instant now = Instant.now();
        for (PolicyDefinition definition : List.copyOf(definitions.values())) {
            try {
                tick(definition, now);
            } catch (RuntimeException | IOException e) {
                log.error("Scheduling policy {} failed: {}", definition.name(), e.toString(), e);
            }
        }
    }

    private void tick(PolicyDefinition definition, Instant now) throws IOException {
        String name = definition.name();
        PolicySettings settings = PolicySettings.read(name, definition.properties(), world);
        if (!settings.valid()) {
            reportInvalid(settings);
            return;
        }
        if (reportedProblems.remove(name) != null) {
            log.info("Policy {} is valid now", name);
        }
        PolicyState state = state(name);
        if (state.since == null) {
            state.since = now;
            state.lastFire = now;
            state.lastCheckFire = now;
            state.save();
            log.info("Policy {} is scheduled: {}", name, settings.schedule() == null ? "run by hand only" : settings.schedule());
        }
        if (state.pendingFire != null && !running.contains(name)) {
            log.info("Policy {}: finishing the run of {} that a stop interrupted", name, state.pendingFire);
            startRun(settings, state.pendingFire);
            return;
        }
        if (!settings.enabled()) {
            return;
        }
        if (settings.schedule() != null) {
            Optional<Instant> due = due(settings.schedule(), state.lastFire, now);
            if (due.isPresent()) {
                Instant next = settings.schedule().nextAfter(state.lastFire.atZone(settings.zone())).orElseThrow().toInstant();
                state.lastFire = due.get();
                state.save();
                if (next.isBefore(activatedAt) && !settings.catchUp()) {
                    log.info("Policy {}: the run due at {} was missed while the server was down; catchUp is off", name, next);
                } else if (!startRun(settings, due.get())) {
                    log.warn("Policy {}: the run due at {} is skipped because the previous run is still going", name, due.get());
                }
            }
            reportOverdue(settings, state, now);
        }
        if (settings.checkSchedule() != null) {
            Optional<Instant> due = due(settings.checkSchedule(), state.lastCheckFire, now);
            if (due.isPresent()) {
                state.lastCheckFire = due.get();
                state.save();
                for (String target : settings.targets()) {
                    submitQuietly(PolicyRun.fullCheck(settings, target));
                }
            }
        }
    }

    /** The latest schedule time after {@code last} that has come, if any. */
    private static Optional<Instant> due(CronSchedule schedule, Instant last, Instant now) {
        ZonedDateTime zonedNow = ZonedDateTime.ofInstant(now, java.time.ZoneOffset.UTC);
        Optional<ZonedDateTime> next = schedule.nextAfter(ZonedDateTime.ofInstant(last, java.time.ZoneOffset.UTC));
        if (next.isEmpty() || next.get().isAfter(zonedNow)) {
            return Optional.empty();
        }
        return schedule.lastAtOrBefore(zonedNow).map(ZonedDateTime::toInstant);
    }

    private boolean startRun(PolicySettings settings, Instant fire) {
        if (!running.add(settings.name())) {
            return false;
        }
        PolicyState state = state(settings.name());
        try {
            runners.execute(() -> {
                try {
                    new PolicyRun(settings, state, fire, jobs, targets, snapshots, log, this::post, runners).run();
                } finally {
                    running.remove(settings.name());
                }
            });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.remove(settings.name());
            return false;
        }
    }

    private void submitQuietly(io.shoebox.api.job.JobRequest request) {
        try {
            JobInfo job = jobs.submit(request);
            log.info("Policy {}: scheduled {} job {} on target {}", request.policy(), request.type(), job.id(), request.target());
        } catch (RuntimeException e) {
            log.warn("Policy {}: cannot start the {} job on target {}: {}", request.policy(), request.type(), request.target(),
                    e.getMessage());
        }
    }

    private void reportInvalid(PolicySettings settings) {
        List<String> previous = reportedProblems.put(settings.name(), settings.problems());
        if (!settings.problems().equals(previous)) {
            log.error("Policy {} is rejected and will not run: {}", settings.name(), String.join("; ", settings.problems()));
            Map<String, Object> properties = new HashMap<>();
            properties.put(PolicyEvents.POLICY, settings.name());
            properties.put(PolicyEvents.ERROR, String.join("; ", settings.problems()));
            post(PolicyEvents.TOPIC_INVALID, properties);
        }
    }

    /** The schedule time whose run is overdue, or {@code null} when the policy is on time. */
    private static Instant overdueSince(PolicySettings settings, PolicyState state, Instant now) {
        if (!settings.valid() || !settings.enabled() || settings.schedule() == null || state.since == null) {
            return null;
        }
        Optional<ZonedDateTime> due = settings.schedule().lastAtOrBefore(
                ZonedDateTime.ofInstant(now.minus(settings.overdueAfter()), settings.zone()));
        if (due.isEmpty() || !due.get().toInstant().isAfter(state.since)) {
            return null;
        }
        Instant dueTime = due.get().toInstant();
        return state.lastSuccess == null || state.lastSuccess.isBefore(dueTime) ? dueTime : null;
    }

    private void reportOverdue(PolicySettings settings, PolicyState state, Instant now) throws IOException {
        Instant overdue = overdueSince(settings, state, now);
        if (overdue == null || overdue.equals(state.overdueReported)) {
            return;
        }
        state.overdueReported = overdue;
        state.save();
        log.warn("Policy {} is overdue: the run due at {} has not succeeded{}", settings.name(), overdue,
                state.lastError == null ? "" : "; last error: " + state.lastError);
        Map<String, Object> properties = new HashMap<>();
        properties.put(PolicyEvents.POLICY, settings.name());
        properties.put(PolicyEvents.TARGETS, settings.targets().toArray(String[]::new));
        properties.put(PolicyEvents.ERROR, "the run due at " + overdue + " has not succeeded"
                + (state.lastError == null ? "" : ": " + state.lastError));
        post(PolicyEvents.TOPIC_OVERDUE, properties);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    private PolicyState state(String name) {
        return states.computeIfAbsent(name, n -> {
            try {
                return PolicyState.load(stateFolder.resolve(n + ".properties"));
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot read the schedule state of policy {} ({}); starting afresh", n, e.toString());
                try {
                    java.nio.file.Files.deleteIfExists(stateFolder.resolve(n + ".properties"));
                    return PolicyState.load(stateFolder.resolve(n + ".properties"));
                } catch (IOException again) {
                    throw new IllegalStateException(again);
                }
            }
        });
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
