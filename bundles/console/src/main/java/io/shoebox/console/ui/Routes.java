package io.shoebox.console.ui;

import java.util.Set;

import io.shoebox.console.ui.dashboard.DashboardView;
import io.shoebox.console.ui.jobs.JobsView;
import io.shoebox.console.ui.photos.PhotosView;
import io.shoebox.console.ui.plugins.PluginsView;
import io.shoebox.console.ui.policies.PoliciesView;
import io.shoebox.console.ui.shell.LoginView;
import io.shoebox.console.ui.snapshots.SnapshotsView;
import io.shoebox.console.ui.sources.SourcesView;
import io.shoebox.console.ui.targets.TargetsView;

/** Every view of the console. No container scans the bundle for {@code @Route}, so they are listed here. */
public final class Routes {

    public static final Set<Class<?>> ALL = Set.of(LoginView.class, DashboardView.class, TargetsView.class,
            SourcesView.class, PoliciesView.class, JobsView.class, SnapshotsView.class, PhotosView.class,
            PluginsView.class);

    private Routes() {
    }
}
