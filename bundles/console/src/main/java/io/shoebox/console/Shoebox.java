package io.shoebox.console;

import java.time.Duration;

import io.shoebox.api.admin.AccountService;
import io.shoebox.api.admin.HealthService;
import io.shoebox.api.admin.PluginService;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.api.snapshot.SnapshotService;

/**
 * The server's services as the views see them: the same ones the REST API calls, so the console
 * holds no logic of its own. Views receive it in their constructor (see {@link ConsoleInstantiator}).
 */
public record Shoebox(
        TargetService targets,
        SourceService sources,
        JobService jobs,
        SnapshotService snapshots,
        PluginService plugins,
        PolicyService policies,
        AccountService accounts,
        HealthService health,
        ServerEvents events,
        Duration sessionTimeout) {
}
