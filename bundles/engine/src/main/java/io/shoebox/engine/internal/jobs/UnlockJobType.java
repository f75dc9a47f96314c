package io.shoebox.engine.internal.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.internal.repo.TargetRepositories;
import io.shoebox.repository.Repository;
import io.shoebox.repository.Repository.LockInfo;

/**
 * {@code unlock}: removes stale locks from a target's repository: those whose lease ran out and those
 * of a process on this host that no longer runs. With option {@code all}, every lock goes, fresh ones
 * included, which can break a backup or prune that another server is running on the same target; so
 * it must be confirmed by naming the target again in option {@code confirm}. It waits for this
 * server's own jobs on the target to end, so it never removes a lock of theirs.
 */
@Component(service = JobType.class)
@JobTypeName("unlock")
public class UnlockJobType implements JobType {

    private final TargetRepositories repositories;
    private final Logger log;

    @Activate
    public UnlockJobType(@Reference TargetRepositories repositories, @Reference(service = LoggerFactory.class) Logger log) {
        this.repositories = repositories;
        this.log = log;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "unlock");
        boolean all = RequestFields.flag(request, "all", false);
        if (all && !target.equals(String.valueOf(request.options().get("confirm")))) {
            throw new InvalidConfigurationException("options.confirm", "removing every lock, fresh ones included, can"
                    + " damage a backup or prune that another server is running on target " + target + "; when you are"
                    + " sure nothing else uses it, repeat the request with option confirm set to the target's name");
        }
        return context -> {
            Repository repository = repositories.open(target);
            List<LockInfo> removed = repository.unlock(all);
            List<LockInfo> left = repository.locks();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("removed", removed.stream().map(UnlockJobType::describe).toList());
            result.put("remaining", left.stream().map(UnlockJobType::describe).toList());
            log.info("Unlock of {}: {} lock(s) removed, {} remaining", target, removed.size(), left.size());
            return JobContext.Outcome.succeeded(result);
        };
    }

    static Map<String, Object> describe(LockInfo lock) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", lock.id());
        info.put("exclusive", lock.exclusive());
        info.put("hostname", lock.hostname());
        info.put("pid", lock.pid());
        info.put("created", lock.created() == null ? null : lock.created().toString());
        info.put("expires", lock.expires() == null ? null : lock.expires().toString());
        info.put("stale", lock.stale());
        info.put("description", lock.description());
        return info;
    }

    @Override
    public String exclusiveTarget(JobRequest request) {
        return request.target();
    }
}
