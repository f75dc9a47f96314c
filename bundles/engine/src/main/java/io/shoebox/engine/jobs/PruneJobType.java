package io.shoebox.engine.jobs;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.policy.SnapshotSummary;
import io.shoebox.engine.repo.TargetRepositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.PruneResult;
import io.shoebox.repository.RepositoryLock;
import io.shoebox.repository.SnapshotRef;

/**
 * {@code prune}: applies retention to each source's snapshots on a target (options {@code keepLast},
 * {@code keepHourly}, {@code keepDaily}, {@code keepWeekly}, {@code keepMonthly}, {@code keepYearly};
 * {@code source} limits it to one source), then removes the data no snapshot needs any more. Without
 * retention options it only removes unused data. The latest snapshot of a source is never forgotten.
 */
@Component(service = JobType.class, property = JobType.TYPE_PROPERTY + "=prune")
public class PruneJobType implements JobType {

    private final TargetRepositories repositories;
    private final Logger log;
    private final Retention retention = new Retention();

    @Activate
    public PruneJobType(@Reference TargetRepositories repositories, @Reference(service = LoggerFactory.class) Logger log) {
        this.repositories = repositories;
        this.log = log;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "prune");
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : Retention.KEYS) {
            long value = RequestFields.option(request, key, 0);
            if (value > 0) {
                settings.put(key, value);
            }
        }
        boolean forget = !settings.isEmpty();
        if (request.options().keySet().stream().anyMatch(k -> k.startsWith("keep") && !Retention.KEYS.contains(k))) {
            throw new InvalidConfigurationException("options", "unknown retention option; use " + Retention.KEYS);
        }
        String onlySource = request.source();
        ZoneId zone = ZoneId.systemDefault();
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
                        Set<String> keep = retention.keep(snapshots, settings, zone);
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
}
