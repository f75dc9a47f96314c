package io.shoebox.engine.internal.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.shoebox.api.admin.HealthService;
import io.shoebox.api.admin.PluginService;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.job.JobService;
import io.shoebox.api.snapshot.SnapshotService;

/**
 * The server is up when the services that run its work are present. Being a component with
 * mandatory references, it exists only while they do; the REST API reports DOWN without it.
 */
@Component(service = HealthService.class)
public class HealthMonitor implements HealthService {

    private final TargetService targets;

    @Activate
    public HealthMonitor(@Reference ConfigurationAdmin configAdmin, @Reference TargetService targets,
            @Reference PluginService plugins, @Reference SourceService sources, @Reference JobService jobs,
            @Reference SnapshotService snapshots) {
        this.targets = targets;
    }

    @Override
    public boolean isUp() {
        return true;
    }

    @Override
    public Map<String, String> checks() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("configuration", "OK");
        checks.put("plugins", "OK");
        checks.put("jobs", "OK");
        long unavailable = targets.list().stream().filter(t -> t.status() != io.shoebox.api.admin.TargetStatus.AVAILABLE).count();
        checks.put("targets", unavailable == 0 ? "OK" : unavailable + " target(s) unavailable");
        return checks;
    }
}
