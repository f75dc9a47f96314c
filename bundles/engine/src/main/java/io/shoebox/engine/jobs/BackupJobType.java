package io.shoebox.engine.jobs;

import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.admin.SourceManager;
import io.shoebox.engine.repo.TargetRepositories;

/** {@code backup}: takes a snapshot of a source on a target. */
@Component(service = JobType.class, property = JobType.TYPE_PROPERTY + "=backup")
public class BackupJobType implements JobType {

    /** Default seconds between checkpoint snapshots of a long backup. */
    static final long CHECKPOINT_SECONDS = 600;

    private final SourceManager sources;
    private final TargetRepositories repositories;
    private final Logger log;

    @Activate
    public BackupJobType(@Reference SourceManager sources, @Reference TargetRepositories repositories,
            @Reference(service = LoggerFactory.class) Logger log) {
        this.sources = sources;
        this.repositories = repositories;
        this.log = log;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String source = RequestFields.required(request.source(), "source", "backup");
        String target = RequestFields.required(request.target(), "target", "backup");
        sources.get(source).orElseThrow(() -> new NoSuchElementException("no source named '" + source + "'"));
        long checkpointSeconds = RequestFields.option(request, "checkpointSeconds", CHECKPOINT_SECONDS);
        return context -> {
            var sourceService = sources.source(source).orElseThrow(() -> new java.io.IOException("source " + source
                    + " is unavailable: " + sources.get(source).map(s -> s.reason()).orElse("it was removed")));
            String sourcePath = String.valueOf(sources.get(source).map(s -> s.config().get("path")).orElse(""));
            var repository = repositories.open(target);
            return new Backup(repository, sourceService, source, sourcePath, request.policy(), checkpointSeconds, context, log)
                    .run();
        };
    }

    @Override
    public String exclusiveTarget(JobRequest request) {
        return request.target();
    }
}
