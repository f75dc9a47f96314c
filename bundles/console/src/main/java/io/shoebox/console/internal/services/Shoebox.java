package io.shoebox.console.internal.services;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.shoebox.api.admin.AccountService;
import io.shoebox.api.admin.HealthService;
import io.shoebox.api.admin.PluginService;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.api.snapshot.CoverageService;
import io.shoebox.api.snapshot.SnapshotService;

/**
 * The server's services as the views see them: the same ones the REST API calls, so the console
 * holds no logic of its own. Views receive it in their constructor (see {@code ConsoleInstantiator}).
 * <p>
 * The catalog and coverage come and go while the console runs (the catalog is a plugin that can be
 * uninstalled), so they are asked for each time through {@link #catalog()} and {@link #coverage()}.
 *
 * @param catalogNow the catalog service bound now, or {@code null}
 * @param coverageNow the coverage service bound now, or {@code null}
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
        Supplier<CatalogService> catalogNow,
        Supplier<CoverageService> coverageNow,
        ServerEvents events,
        Duration sessionTimeout) {

    /** The catalog of backed-up photos and videos; empty while its plugin is not installed. */
    public Optional<CatalogService> catalog() {
        return Optional.ofNullable(catalogNow.get());
    }

    /** Whether each file of a source is backed up; empty while no service answers it. */
    public Optional<CoverageService> coverage() {
        return Optional.ofNullable(coverageNow.get());
    }
}
