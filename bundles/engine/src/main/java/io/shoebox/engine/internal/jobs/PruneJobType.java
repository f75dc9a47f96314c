package io.shoebox.engine.internal.jobs;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.policy.RetentionRule;
import io.shoebox.api.policy.SnapshotSummary;
import io.shoebox.engine.internal.repo.TargetRepositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.PruneResult;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.SnapshotRef;

/**
 * {@code prune}: applies retention to each source's snapshots on a target, then removes the data
 * no snapshot needs any more. Retention is decided by the {@link RetentionRule} services named in
 * the option {@code retentionRules} (default {@code standard}), each given the job's options as its
 * settings ({@code keepLast}, {@code keepDaily}, ... for the standard rule); a snapshot stays if any
 * rule keeps it. {@code source} limits it to one source. Without {@code keep} options it only
 * removes unused data. The latest snapshot of a source is never forgotten.
 */
@Component(service = JobType.class)
@JobTypeName("prune")
public class PruneJobType implements JobType {

    static final String DEFAULT_RULE = "standard";

    private final TargetRepositories repositories;
    private final Logger log;
    private final Map<String, RetentionRule> rules = new ConcurrentHashMap<>();

    @Activate
    public PruneJobType(@Reference TargetRepositories repositories, @Reference(service = LoggerFactory.class) Logger log) {
        this.repositories = repositories;
        this.log = log;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(RetentionRule rule, Map<String, Object> properties) {
        rules.put(String.valueOf(properties.get(RetentionRule.RULE_PROPERTY)), rule);
    }

    void removeRule(RetentionRule rule, Map<String, Object> properties) {
        rules.remove(String.valueOf(properties.get(RetentionRule.RULE_PROPERTY)), rule);
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "prune");
        Map<String, Object> settings = request.options();
        boolean forget = settings.keySet().stream().anyMatch(key -> key.startsWith("keep"));
        List<RetentionRule> chosen = new ArrayList<>();
        if (forget) {
            for (String name : RequestFields.strings(settings.get("retentionRules"), DEFAULT_RULE)) {
                RetentionRule rule = rules.get(name);
                if (rule == null) {
                    throw new InvalidConfigurationException("options.retentionRules", "no retention rule named '" + name
                            + "' is installed; installed: " + new TreeSet<>(rules.keySet()));
                }
                List<String> problems = rule.validate(settings);
                if (!problems.isEmpty()) {
                    throw new InvalidConfigurationException("options", String.join("; ", problems));
                }
                chosen.add(rule);
            }
        }
        String onlySource = request.source();
        ZoneId zone = RequestFields.zone(request);
        return context -> {
            Repository repository = repositories.open(target);
            try (RepositoryLock lock = repository.lock(true)) {
                List<String> forgotten = new ArrayList<>();
                if (forget) {
                    Map<String, List<SnapshotSummary>> bySource = new TreeMap<>();
                    for (SnapshotRef ref : repository.snapshots()) {
                        if (onlySource == null || onlySource.equals(ref.snapshot().source())) {
                            bySource.computeIfAbsent(ref.snapshot().source(), s -> new ArrayList<>()).add(new SnapshotSummary(
                                    ref.id(), ref.snapshot().time(), ref.snapshot().source(), ref.snapshot().checkpoint()));
                        }
                    }
                    for (List<SnapshotSummary> snapshots : bySource.values()) {
                        Set<String> keep = new HashSet<>();
                        for (RetentionRule rule : chosen) {
                            keep.addAll(rule.keep(snapshots, settings, zone));
                        }
                        // Whatever the rules say, the newest complete snapshot stays.
                        snapshots.stream().filter(s -> !s.checkpoint()).max(Comparator.comparing(SnapshotSummary::time))
                                .ifPresent(newest -> keep.add(newest.id()));
                        for (SnapshotSummary snapshot : snapshots) {
                            if (!keep.contains(snapshot.id())) {
                                repository.forget(snapshot.id());
                                forgotten.add(snapshot.id());
                            }
                        }
                    }
                    log.info("Retention on target {} forgot {} snapshot(s)", target, forgotten.size());
                }
                context.checkCancelled();
                PruneResult pruned = repository.prune((done, total) -> context.progress(done, total, 0, -1));
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("snapshotsForgotten", forgotten);
                result.put("snapshotsKept", repository.snapshots().size());
                result.put("packsDeleted", pruned.packsDeleted());
                result.put("packsRewritten", pruned.packsRewritten());
                result.put("blobsRemoved", pruned.blobsRemoved());
                result.put("bytesFreed", pruned.bytesFreed());
                return JobContext.Outcome.succeeded(result);
            }
        };
    }

    @Override
    public String exclusiveTarget(JobRequest request) {
        return request.target();
    }

    @Override
    public boolean changesSnapshots() {
        return true;
    }
}
