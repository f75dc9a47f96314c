package io.shoebox.engine.internal.jobs;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.engine.internal.repo.TargetRepositories;

/**
 * {@code restore}: copies files of a snapshot into a folder of the server. Options: {@code existing}
 * = {@code skip} (default), {@code overwrite} or {@code rename} for files already present;
 * {@code damaged} = {@code skip} (default: a file whose data is damaged is left out and named) or
 * {@code zero} (it is written with the damaged ranges as zeros, and named).
 */
@Component(service = JobType.class)
@JobTypeName("restore")
public class RestoreJobType implements JobType {

    private final TargetRepositories repositories;
    private final Logger log;

    @Activate
    public RestoreJobType(@Reference TargetRepositories repositories, @Reference(service = LoggerFactory.class) Logger log) {
        this.repositories = repositories;
        this.log = log;
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String target = RequestFields.required(request.target(), "target", "restore");
        String snapshot = RequestFields.required(request.snapshot(), "snapshot", "restore");
        String destination = RequestFields.required(request.destination(), "destination", "restore");
        Path folder;
        try {
            folder = Path.of(destination);
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException("destination", "destination is not a valid path: " + e.getMessage());
        }
        if (!folder.isAbsolute()) {
            throw new InvalidConfigurationException("destination", "destination must be an absolute path");
        }
        Restore.Existing existing;
        Object option = request.options().getOrDefault("existing", "skip");
        try {
            existing = Restore.Existing.valueOf(option.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("options.existing", "option 'existing' must be skip, overwrite or rename");
        }
        Restore.Damaged damaged;
        Object damagedOption = request.options().getOrDefault("damaged", "skip");
        try {
            damaged = Restore.Damaged.valueOf(damagedOption.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("options.damaged", "option 'damaged' must be skip or zero");
        }
        PathSelection selection = new PathSelection(request.include());
        return context -> new Restore(repositories.open(target), snapshot, selection, folder.normalize(), existing, damaged,
                context, log).run();
    }
}
