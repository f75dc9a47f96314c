package io.shoebox.engine.internal.jobs;

import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.internal.admin.TargetManager;
import io.shoebox.engine.internal.repo.TargetRepositories;

/**
 * {@code copy}: copies snapshots from the repository of one target ({@code options.from}) into the
 * repository of another ({@code target}), from the repositories alone, without the photo folders.
 * {@code snapshot} is an id, a unique prefix, {@code latest}, or absent or {@code all} for every
 * snapshot not copied yet; {@code source} limits {@code latest} and {@code all} to one source.
 * Option {@code verifyReadPercent} (0 to 100, default {@value #VERIFY_READ_PERCENT}): the share of
 * the copied data read back from the destination before each snapshot is written.
 */
@Component(service = JobType.class)
@JobTypeName("copy")
public class CopyJobType implements JobType {

    /** Reading back a few percent catches a destination that loses writes, at a small cost in traffic. */
    static final long VERIFY_READ_PERCENT = 5;

    private final TargetManager targets;
    private final TargetRepositories repositories;
    private final Logger log;

    @Activate
    public CopyJobType(@Reference TargetManager targets, @Reference TargetRepositories repositories,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.targets = targets;
        this.repositories = repositories;
        this.log = log;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "copy");
        Object from = request.options().get("from");
        if (from == null || from.toString().isBlank()) {
            throw new InvalidConfigurationException("options.from", "a copy job needs 'options.from': the target to copy from");
        }
        String fromTarget = from.toString();
        if (fromTarget.equals(target)) {
            throw new InvalidConfigurationException("options.from", "a copy needs two different targets; 'options.from'"
                    + " and 'target' are both '" + target + "'");
        }
        for (String name : new String[] {fromTarget, target}) {
            targets.get(name).orElseThrow(() -> new NoSuchElementException("no target named '" + name + "'"));
        }
        long verifyReadPercent = RequestFields.option(request, "verifyReadPercent", VERIFY_READ_PERCENT);
        if (verifyReadPercent > 100) {
            throw new InvalidConfigurationException("options.verifyReadPercent",
                    "option 'verifyReadPercent' must be between 0 and 100");
        }
        String snapshot = request.snapshot() == null || request.snapshot().isBlank() ? Copy.ALL : request.snapshot();
        return context -> new Copy(repositories.open(fromTarget), fromTarget, repositories.open(target), target, snapshot,
                request.source(), verifyReadPercent / 100.0, context, log).run();
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
