package io.shoebox.engine.internal.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.internal.repo.TargetRepositories;
import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.CheckResult;
import io.shoebox.repository.SnapshotRef;
import io.shoebox.repository.Tree;

/**
 * {@code check}: verifies a target's repository, and when something is damaged, names the snapshots
 * and files it affects. Option {@code readData}: the fraction (0 to 1) of the data to re-read and
 * authenticate; structure only by default. It changes nothing and so takes no lock: it runs even
 * while another process holds the repository, which is when an operator most needs to look.
 */
@Component(service = JobType.class)
@JobTypeName("check")
public class CheckJobType implements JobType {

    /** Files listed per affected snapshot in a result; the rest are counted. */
    static final int FILES_LISTED = 100;

    private final TargetRepositories repositories;

    @Activate
    public CheckJobType(@Reference TargetRepositories repositories) {
        this.repositories = repositories;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "check");
        double readData = RequestFields.fraction(request, "readData", 0);
        return context -> {
            Repository repository = repositories.open(target);
            repository.refresh();
            CheckResult check = repository.check(readData, (done, total) -> context.progress(done, total, 0, -1));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", check.ok());
            result.put("errors", check.errors());
            result.put("damagedPacks", check.damagedPacks());
            result.put("packsRead", check.packsRead());
            if (check.ok()) {
                return JobContext.Outcome.succeeded(result);
            }
            List<Map<String, Object>> affected = affected(repository, new HashSet<>(check.damagedBlobs()));
            result.put("affectedSnapshots", affected);
            String summary = check.errors().size() + " problem(s) found: " + String.join("; ",
                    check.errors().subList(0, Math.min(3, check.errors().size())))
                    + (affected.isEmpty() ? "" : "; damaged data in " + affected.size() + " snapshot(s): "
                            + String.join(", ", affected.stream().map(a -> a.get("snapshot") + " ("
                                    + a.get("filesAffected") + " files)").toList()));
            return JobContext.Outcome.failed(result, summary);
        };
    }

    /** The snapshots and files whose content uses a damaged blob. */
    static List<Map<String, Object>> affected(Repository repository, Set<BlobId> damaged) {
        List<Map<String, Object>> affected = new ArrayList<>();
        if (damaged.isEmpty()) {
            return affected;
        }
        Map<BlobId, List<String>> filesByTree = new HashMap<>();
        List<SnapshotRef> snapshots;
        try {
            snapshots = repository.snapshots();
        } catch (java.io.IOException e) {
            return affected;
        }
        for (SnapshotRef snapshot : snapshots) {
            List<String> files = new ArrayList<>();
            collect(repository, snapshot.snapshot().tree(), "", damaged, filesByTree, files);
            if (!files.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("snapshot", snapshot.id());
                entry.put("time", snapshot.snapshot().time().toString());
                entry.put("source", snapshot.snapshot().source());
                entry.put("filesAffected", files.size());
                entry.put("files", files.subList(0, Math.min(FILES_LISTED, files.size())));
                affected.add(entry);
            }
        }
        return affected;
    }

    private static void collect(Repository repository, BlobId treeId, String prefix, Set<BlobId> damaged,
            Map<BlobId, List<String>> memo, List<String> out) {
        List<String> known = memo.get(treeId);
        if (known != null) {
            known.forEach(relative -> out.add(prefix + relative));
            return;
        }
        List<String> found = new ArrayList<>();
        if (damaged.contains(treeId)) {
            found.add("(folder listing itself is damaged)");
        } else {
            Tree tree;
            try {
                tree = repository.readTree(treeId);
            } catch (java.io.IOException e) {
                found.add("(folder listing cannot be read: " + e.getMessage() + ")");
                tree = new Tree(List.of());
            }
            for (Node node : tree.nodes()) {
                if (node.isDirectory()) {
                    List<String> inner = new ArrayList<>();
                    collect(repository, node.subtree(), "", damaged, memo, inner);
                    inner.forEach(path -> found.add(node.name() + "/" + path));
                } else if (node.content().stream().anyMatch(damaged::contains)) {
                    found.add(node.name());
                }
            }
        }
        memo.put(treeId, found);
        found.forEach(relative -> out.add(prefix + relative));
    }
}
