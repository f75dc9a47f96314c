package io.shoebox.console.internal.ui.dashboard;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;

import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobState;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.jobs.JobCard;
import io.shoebox.console.internal.ui.jobs.JobsView;
import io.shoebox.console.internal.ui.shell.MainLayout;
import io.shoebox.console.internal.ui.sources.SourcesView;
import io.shoebox.console.internal.ui.targets.TargetsView;

/**
 * The first page: what needs attention, the targets with their state and use, the last backup of each
 * source, whether every file of each source is backed up, and the jobs at work. A server with nothing set
 * up says what to do first.
 */
@Route(value = Paths.DASHBOARD, layout = MainLayout.class)
@PageTitle("Dashboard · Shoebox")
public class DashboardView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final Div content = new Div();
    /** Kept across refreshes: it checks again only when its answer can have changed, not on every job event. */
    private final CoverageSection coverage;

    /** A target's row: its state and how much its repository holds. */
    record TargetRow(TargetInfo target, String used) {
    }

    /** A source's row: its last backup. */
    record SourceRow(SourceInfo source, Instant last, String outcome) {
    }

    public DashboardView(Shoebox shoebox) {
        this.shoebox = shoebox;
        this.coverage = new CoverageSection(shoebox);
        H2 title = new H2("Dashboard");
        title.getStyle().set("margin", "0");
        content.setWidthFull();
        add(title, content);
        setMaxWidth("90em");
        Live.follow(this, shoebox.events(), ServerEvents.Topic.JOBS, this::refresh);
        Live.follow(this, shoebox.events(), ServerEvents.Topic.PLUGINS, this::refresh);
        addAttachListener(attach -> refresh());
    }

    private void refresh() {
        content.removeAll();
        List<TargetInfo> targets = shoebox.targets().list();
        List<SourceInfo> sources = shoebox.sources().list();
        List<JobInfo> jobs = shoebox.jobs().list(null, null);
        if (sources.isEmpty() || targets.isEmpty()) {
            content.add(gettingStarted(targets.isEmpty(), sources.isEmpty()));
        }
        List<String> warnings = warnings(targets, sources, jobs);
        if (!warnings.isEmpty()) {
            content.add(section("Needs attention", list(warnings, "warnings")));
        }
        List<JobInfo> running = jobs.stream().filter(job -> !job.state().isFinal()).toList();
        if (!running.isEmpty()) {
            Div cards = new Div();
            cards.setId("dashboard-jobs");
            cards.getStyle().set("display", "grid").set("gap", "var(--lumo-space-m)")
                    .set("grid-template-columns", "repeat(auto-fill, minmax(min(100%, 26em), 1fr))");
            running.forEach(job -> cards.add(new JobCard(shoebox.jobs(), job)));
            content.add(section("Running now", cards));
        }
        if (!targets.isEmpty()) {
            content.add(section("Targets", targetsGrid(targets)));
        }
        if (!sources.isEmpty()) {
            content.add(section("Sources", sourcesGrid(sources, targets, jobs)));
        }
        if (!sources.isEmpty() && !targets.isEmpty()) {
            content.add(section("Backed up?", coverage));
            coverage.update(sources);
        }
    }

    private static Component section(String title, Component body) {
        H3 heading = new H3(title);
        heading.getStyle().set("margin", "var(--lumo-space-l) 0 var(--lumo-space-s) 0");
        Div section = new Div(heading, body);
        section.setWidthFull();
        return section;
    }

    private static Component list(List<String> items, String id) {
        UnorderedList list = new UnorderedList();
        list.setId(id);
        items.forEach(item -> {
            ListItem entry = new ListItem(item);
            entry.getStyle().set("color", "var(--lumo-error-text-color)");
            list.add(entry);
        });
        return list;
    }

    private static Component gettingStarted(boolean noTargets, boolean noSources) {
        Div box = new Div();
        box.setId("getting-started");
        box.getStyle().set("border", "1px dashed var(--lumo-contrast-30pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-l)").set("max-width", "48em");
        H3 heading = new H3("Welcome to Shoebox");
        heading.getStyle().set("margin-top", "0");
        OrderedList steps = new OrderedList();
        steps.add(new ListItem(new Span(noTargets ? "Add a target where backups go: " : "Targets are set up: "),
                new RouterLink("Targets", TargetsView.class)));
        steps.add(new ListItem(new Span(noSources ? "Add a source, a folder of photos: " : "Sources are set up: "),
                new RouterLink("Sources", SourcesView.class)));
        steps.add(new ListItem(new Span("Press “Back up now” on a source and follow it on "), new RouterLink("Jobs", JobsView.class)));
        box.add(heading, new Paragraph("Three steps to the first backup:"), steps);
        return box;
    }

    private List<String> warnings(List<TargetInfo> targets, List<SourceInfo> sources, List<JobInfo> jobs) {
        List<String> warnings = new ArrayList<>();
        targets.stream().filter(t -> t.status() == TargetStatus.UNAVAILABLE)
                .forEach(t -> warnings.add("Target " + t.name() + " is unavailable: " + t.reason()));
        sources.stream().filter(s -> s.status() == TargetStatus.UNAVAILABLE)
                .forEach(s -> warnings.add("Source " + s.name() + " is unavailable: " + s.reason()));
        // The latest job of each kind and subject; a later success clears an earlier failure.
        Map<String, JobInfo> latest = new java.util.LinkedHashMap<>();
        jobs.stream().filter(job -> job.state().isFinal()).forEach(job -> latest.putIfAbsent(
                job.request().type() + "|" + job.request().source() + "|" + job.request().target(), job));
        latest.values().stream().filter(job -> job.state() == JobState.FAILED)
                .forEach(job -> warnings.add(JobsView.describe(job) + " failed " + Format.age(job.finishedAt()) + ": " + job.error()));
        for (var policy : shoebox.policies().list()) {
            if (!policy.valid()) {
                warnings.add("Policy " + policy.name() + " cannot run: " + String.join("; ", policy.problems()));
            } else if (policy.overdue()) {
                warnings.add("Policy " + policy.name() + " is overdue: its last scheduled backup has not succeeded");
            }
        }
        return warnings;
    }

    private Component targetsGrid(List<TargetInfo> targets) {
        Grid<TargetRow> grid = new Grid<>();
        grid.setId("dashboard-targets");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(row -> row.target().name()).setHeader("Target").setAutoWidth(true);
        grid.addColumn(row -> row.target().type()).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(row -> row.target().status() == TargetStatus.AVAILABLE ? Badges.badge("Available", Badges.Tone.GOOD)
                : Badges.badge("Unavailable", Badges.Tone.BAD)).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TargetRow::used).setHeader("Storage used").setAutoWidth(true);
        grid.setItems(targets.stream().map(target -> new TargetRow(target, "…")).toList());
        // Reading a repository can take long on a slow or unreachable target: done in the background.
        UI ui = UI.getCurrent();
        shoebox.events().background(() -> {
            List<TargetRow> rows = targets.stream().map(target -> new TargetRow(target, used(target))).toList();
            ui.access(() -> grid.setItems(rows));
        });
        return grid;
    }

    private String used(TargetInfo target) {
        if (target.status() != TargetStatus.AVAILABLE) {
            return "—";
        }
        try {
            var repository = shoebox.snapshots().repository(target.name());
            return Format.bytes(repository.storedBytes()) + " in " + repository.snapshots() + " snapshots";
        } catch (IOException | RuntimeException e) {
            return "not readable: " + e.getMessage();
        }
    }

    private Component sourcesGrid(List<SourceInfo> sources, List<TargetInfo> targets, List<JobInfo> jobs) {
        Grid<SourceRow> grid = new Grid<>();
        grid.setId("dashboard-sources");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(row -> row.source().name()).setHeader("Source").setAutoWidth(true);
        grid.addColumn(row -> row.last() == null ? "never backed up" : Format.age(row.last())).setHeader("Last backup").setAutoWidth(true);
        grid.addColumn(SourceRow::outcome).setHeader("Outcome").setFlexGrow(1);
        List<SourceRow> rows = new ArrayList<>();
        List<SourceInfo> withoutJobs = new ArrayList<>();
        for (SourceInfo source : sources) {
            Optional<JobInfo> lastJob = jobs.stream().filter(job -> "backup".equals(job.request().type())
                    && source.name().equals(job.request().source()) && job.state().isFinal()).findFirst();
            if (lastJob.isPresent()) {
                JobInfo job = lastJob.get();
                rows.add(new SourceRow(source, job.finishedAt(), job.state().isSuccess()
                        ? (job.state() == JobState.SUCCEEDED ? "succeeded" : "succeeded with " + job.warnings().size()
                                + " warnings") + ", to " + job.request().target()
                        : job.state().name().toLowerCase() + ": " + job.error()));
            } else {
                withoutJobs.add(source);
            }
        }
        withoutJobs.forEach(source -> rows.add(new SourceRow(source, null, "…")));
        grid.setItems(rows);
        if (!withoutJobs.isEmpty()) {
            UI ui = UI.getCurrent();
            shoebox.events().background(() -> {
                List<SourceRow> all = new ArrayList<>(rows.subList(0, rows.size() - withoutJobs.size()));
                withoutJobs.forEach(source -> all.add(lastSnapshot(source, targets)));
                ui.access(() -> grid.setItems(all));
            });
        }
        return grid;
    }

    /** Without a backup since the server started, the newest snapshot of the source on any target tells. */
    private SourceRow lastSnapshot(SourceInfo source, List<TargetInfo> targets) {
        Instant newest = null;
        String where = null;
        for (TargetInfo target : targets) {
            if (target.status() != TargetStatus.AVAILABLE) {
                continue;
            }
            try {
                for (SnapshotInfo snapshot : shoebox.snapshots().list(target.name())) {
                    if (source.name().equals(snapshot.source()) && (newest == null || snapshot.time().isAfter(newest))) {
                        newest = snapshot.time();
                        where = target.name();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // that target cannot tell now; the others still can
            }
        }
        return new SourceRow(source, newest, newest == null ? "no snapshot yet" : "snapshot on " + where);
    }
}
