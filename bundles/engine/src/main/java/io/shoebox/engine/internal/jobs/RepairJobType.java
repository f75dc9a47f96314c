package io.shoebox.engine.internal.jobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.internal.repo.TargetRepositories;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.RepairOptions;
import io.shoebox.repository.Repository.RepairResult;
import io.shoebox.repository.Repository.RewrittenSnapshot;

/**
 * {@code repair}: makes a damaged repository sound again (see {@link Repository#repair}): the index is
 * rebuilt from the packs, intact blobs are rescued from damaged packs, and lost blobs leave the index,
 * so the next backup of the original files stores them again. Options: {@code readData} (default
 * true) re-reads every pack to find damaged data; {@code rewriteSnapshots} (default false) replaces
 * snapshots whose files can no longer be read by snapshots without them. Whatever it found is in its
 * warnings, and the files whose data was lost are named in its result.
 */
@Component(service = JobType.class)
@JobTypeName("repair")
public class RepairJobType implements JobType {

    private final TargetRepositories repositories;
    private final Logger log;

    @Activate
    public RepairJobType(@Reference TargetRepositories repositories, @Reference(service = LoggerFactory.class) Logger log) {
        this.repositories = repositories;
        this.log = log;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "repair");
        RepairOptions options = new RepairOptions(RequestFields.flag(request, "readData", true),
                RequestFields.flag(request, "rewriteSnapshots", false));
        return context -> {
            Repository repository = repositories.open(target);
            RepairResult repair = repository.repair(options, (done, total) -> context.progress(done, total, 0, -1));
            repair.problems().forEach(context::warn);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("packsRead", repair.packsRead());
            result.put("damagedPacks", repair.damagedPacks());
            result.put("blobsSalvaged", repair.blobsSalvaged());
            result.put("blobsDropped", repair.blobsDropped().size());
            result.put("indexFilesWritten", repair.indexFilesWritten());
            result.put("indexFilesRemoved", repair.indexFilesRemoved());
            List<Map<String, Object>> rewritten = new ArrayList<>();
            for (RewrittenSnapshot snapshot : repair.snapshotsRewritten()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("snapshot", snapshot.original());
                entry.put("replacement", snapshot.replacement());
                entry.put("filesLost", snapshot.filesLost());
                entry.put("files", snapshot.lostFiles());
                rewritten.add(entry);
            }
            result.put("snapshotsRewritten", rewritten);
            result.put("snapshotsRemoved", repair.snapshotsRemoved());
            if (!repair.blobsDropped().isEmpty()) {
                // the snapshots still naming lost data: a backup of intact originals heals them
                Set<BlobId> lost = new HashSet<>(repair.blobsDropped());
                List<Map<String, Object>> affected = CheckJobType.affected(repository, lost);
                result.put("affectedSnapshots", affected);
                if (!affected.isEmpty()) {
                    context.warn("data of " + affected.stream().mapToLong(a -> ((Number) a.get("filesAffected")).longValue())
                            .sum() + " file(s) in " + affected.size() + " snapshot(s) is lost: back up the sources again"
                            + " to store it again from the original files, or repair with rewriteSnapshots to remove"
                            + " those files from the snapshots");
                }
            }
            log.info("Repair of {}: {}", target, repair.nothingFound() ? "nothing to repair"
                    : repair.problems().size() + " problem(s) found and repaired");
            return JobContext.Outcome.succeeded(result);
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
