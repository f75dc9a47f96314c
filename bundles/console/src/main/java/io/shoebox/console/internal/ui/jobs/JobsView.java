package io.shoebox.console.internal.ui.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobState;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.EmptyState;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.shell.MainLayout;

/**
 * Jobs: the ones at work with live progress (and those that ended in the last minutes, so their end can
 * be seen), and the history with results and errors.
 */
@Route(value = Paths.JOBS, layout = MainLayout.class)
@PageTitle("Jobs · Shoebox")
public class JobsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;
    /** How long a finished job keeps its card beside the running ones. */
    static final Duration RECENT = Duration.ofMinutes(5);

    private final transient Shoebox shoebox;
    private final Div cards = new Div();
    private final Map<String, JobCard> cardsById = new HashMap<>();
    private final Grid<JobInfo> history = new Grid<>();
    private final EmptyState empty = new EmptyState("No jobs yet",
            "Backups, restores, checks and prunes appear here while they run, and stay in the history. Start a "
                    + "backup with “Back up now” on the Sources page.");

    public JobsView(Shoebox shoebox) {
        this.shoebox = shoebox;
        H2 title = new H2("Jobs");
        title.getStyle().set("margin", "0");
        cards.setId("active-jobs");
        cards.getStyle().set("display", "grid").set("gap", "var(--lumo-space-m)").set("width", "100%")
                .set("grid-template-columns", "repeat(auto-fill, minmax(min(100%, 26em), 1fr))");

        history.setId("job-history");
        history.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        history.addColumn(job -> Format.time(job.createdAt())).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(JobsView::describe).setHeader("Job").setAutoWidth(true);
        history.addComponentColumn(job -> stateBadge(job.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(job -> job.startedAt() == null ? ""
                : Format.duration(Duration.between(job.startedAt(), job.finishedAt() == null ? Instant.now() : job.finishedAt())))
                .setHeader("Took").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(JobsView::outcome).setHeader("Result").setFlexGrow(1);
        // frozen to the end, so a long result never pushes the action out of sight
        history.addComponentColumn(this::action).setHeader("").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        history.setItemDetailsRenderer(new ComponentRenderer<>(JobsView::warnings));
        history.setDetailsVisibleOnClick(true);
        history.setAllRowsVisible(true);

        add(title, empty, cards, new H3("History"), history);
        setMaxWidth("90em");
        Live.follow(this, shoebox.events(), ServerEvents.Topic.JOBS, this::refresh);
        addAttachListener(attach -> refresh());
    }

    private void refresh() {
        List<JobInfo> jobs = shoebox.jobs().list(null, null);
        Instant recent = Instant.now().minus(RECENT);
        List<JobInfo> shown = jobs.stream().filter(job -> !job.state().isFinal()
                || (job.finishedAt() != null && job.finishedAt().isAfter(recent))).toList();
        cardsById.keySet().retainAll(shown.stream().map(JobInfo::id).collect(Collectors.toSet()));
        cards.removeAll();
        for (JobInfo job : shown) {
            JobCard card = cardsById.computeIfAbsent(job.id(), id -> new JobCard(shoebox.jobs(), job));
            card.update(job);
            cards.add(card);
        }
        history.setItems(jobs);
        empty.setVisible(jobs.isEmpty());
        history.setVisible(!jobs.isEmpty());
    }

    /** What can be done about a finished job: a check that found damage can be followed by a repair. */
    private Component action(JobInfo job) {
        if (!JobCard.foundDamage(job)) {
            return new Span();
        }
        Button repair = new Button("Repair…", click -> new RepairDialog(shoebox.jobs(), job.request().target()).open());
        repair.setId("repair-" + job.id());
        repair.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        return repair;
    }

    /** The job's warnings, one per line, shown when its row is clicked: each file it could not handle, and why. */
    static Component warnings(JobInfo job) {
        Div details = new Div();
        details.addClassName("job-warnings");
        if (job.warnings() == null || job.warnings().isEmpty()) {
            return details;
        }
        UnorderedList list = new UnorderedList();
        list.getStyle().set("margin", "0").set("font-size", "var(--lumo-font-size-s)").set("overflow-wrap", "anywhere");
        job.warnings().forEach(warning -> list.add(new ListItem(warning)));
        details.add(new Span(job.warnings().size() + " warning(s):"), list);
        return details;
    }

    /** "Backup phone → local", "Restore from local", "Check local". */
    public static String describe(JobInfo job) {
        var request = job.request();
        String type = request.type() == null ? "Job" : Character.toUpperCase(request.type().charAt(0)) + request.type().substring(1);
        return switch (request.type() == null ? "" : request.type()) {
            case "backup" -> type + " " + (request.policy() != null && request.source() == null ? "of policy " + request.policy()
                    : request.source()) + " → " + request.target();
            case "restore" -> type + " from " + request.target() + " to " + request.destination();
            default -> type + (request.target() == null ? "" : " " + request.target());
        };
    }

    public static Span stateBadge(JobState state) {
        Badges.Tone tone = switch (state) {
            case SUCCEEDED -> Badges.Tone.GOOD;
            case SUCCEEDED_WITH_WARNINGS -> Badges.Tone.WARN;
            case FAILED -> Badges.Tone.BAD;
            case RUNNING, QUEUED -> Badges.Tone.BUSY;
            case CANCELLED -> Badges.Tone.NEUTRAL;
        };
        return Badges.badge(label(state), tone);
    }

    /** A state in words: "Succeeded with warnings". */
    public static String label(JobState state) {
        String words = state.name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The result's figures in words, or the error. */
    static String outcome(JobInfo job) {
        if (job.error() != null) {
            return job.error();
        }
        Map<String, Object> result = job.result();
        if (result == null || result.isEmpty()) {
            return "";
        }
        String warnings = job.warnings() == null || job.warnings().isEmpty() ? "" : " · " + job.warnings().size() + " warnings";
        return switch (job.request().type()) {
            case "backup" -> "snapshot " + shortId(result.get("snapshotId")) + " · " + result.get("filesNew") + " new, "
                    + result.get("filesChanged") + " changed, " + result.get("filesUnchanged") + " unchanged · "
                    + Format.bytes(number(result.get("bytesStored"))) + " stored" + warnings;
            case "restore" -> result.get("filesRestored") + " files restored (" + Format.bytes(number(result.get("bytesRestored")))
                    + ")" + (number(result.get("filesFailed")) > 0 ? " · " + result.get("filesFailed")
                            + " could not be restored" : "") + warnings;
            case "repair" -> repairOutcome(result) + warnings;
            default -> result.entrySet().stream().filter(e -> !(e.getValue() instanceof Map || e.getValue() instanceof List))
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + warnings;
        };
    }

    private static String repairOutcome(Map<String, Object> result) {
        List<?> damaged = result.get("damagedPacks") instanceof List<?> list ? list : List.of();
        long dropped = number(result.get("blobsDropped"));
        if (damaged.isEmpty() && dropped == 0) {
            return "nothing to repair";
        }
        return damaged.size() + " damaged pack(s) replaced, " + number(result.get("blobsSalvaged")) + " pieces rescued, "
                + dropped + " lost: back up again to store them from the originals";
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    static String shortId(Object id) {
        String text = String.valueOf(id);
        return text.length() > 8 ? text.substring(0, 8) : text;
    }

}
