package io.shoebox.console.internal.ui;

import java.util.Set;

import io.shoebox.console.internal.ui.dashboard.DashboardView;
import io.shoebox.console.internal.ui.jobs.JobsView;
import io.shoebox.console.internal.ui.photos.PhotosView;
import io.shoebox.console.internal.ui.plugins.PluginsView;
import io.shoebox.console.internal.ui.policies.PoliciesView;
import io.shoebox.console.internal.ui.shell.LoginView;
import io.shoebox.console.internal.ui.snapshots.SnapshotsView;
import io.shoebox.console.internal.ui.sources.SourcesView;
import io.shoebox.console.internal.ui.targets.TargetsView;

/** Every view of the console. No container scans the bundle for {@code @Route}, so they are listed here. */
public final class Routes {

    public static final Set<Class<?>> ALL = Set.of(LoginView.class, DashboardView.class, TargetsView.class,
            SourcesView.class, PoliciesView.class, JobsView.class, SnapshotsView.class, PhotosView.class,
            PluginsView.class);

    private Routes() {
    }
}
