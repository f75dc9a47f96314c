package io.shoebox.console.internal.ui.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;

import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.snapshot.Coverage;
import io.shoebox.api.snapshot.Coverage.TargetCoverage;
import io.shoebox.api.snapshot.CoverageService;
import io.shoebox.api.source.FileNames;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.Format;

/**
 * "Backed up?": for each source, whether every file it holds now is in its newest snapshot on each
 * target, or how many are missing or changed, with their paths on request. Checking walks the source
 * and reads a snapshot per target, so it runs in the background, and only when its answer can have
 * changed: when the dashboard opens, when a job that makes or removes snapshots finishes, when sources
 * come or go, or when the user asks. A check asked for while one runs is done once, after it.
 */
class CoverageSection extends Div {

    private static final long serialVersionUID = 1L;

    /** Paths listed per kind before "and N more". */
    static final int PATHS_SHOWN = 50;

    private final transient Shoebox shoebox;
    private final Div cards = new Div();
    private final Span state = new Span();
    /** The paths lists the user opened, by source and target, kept open across checks. */
    private final Set<String> opened = new HashSet<>();
    private String checkedFor;
    private boolean checking;
    private List<SourceInfo> pending;

    /** One source's answer, or why there is none. */
    private record Result(SourceInfo source, Coverage coverage, String problem) {
    }

    CoverageSection(Shoebox shoebox) {
        this.shoebox = shoebox;
        setId("dashboard-coverage");
        setWidthFull();
        Button again = new Button("Check again", VaadinIcon.REFRESH.create(), click -> check(shoebox.sources().list()));
        again.setId("coverage-check");
        again.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        state.setId("coverage-state");
        state.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div bar = new Div(state, again);
        bar.getStyle().set("display", "flex").set("align-items", "center").set("gap", "var(--lumo-space-s)")
                .set("flex-wrap", "wrap");
        cards.getStyle().set("display", "grid").set("gap", "var(--lumo-space-m)")
                .set("grid-template-columns", "repeat(auto-fill, minmax(min(100%, 26em), 1fr))");
        add(bar, cards);
    }

    /**
     * Called on every dashboard refresh (job progress included); checks again only when the sources, the
     * snapshots of some target, or the service itself changed since the last check.
     */
    void update(List<SourceInfo> sources) {
        Set<String> facts = new TreeSet<>();
        facts.add("service:" + shoebox.coverage().isPresent());
        sources.forEach(source -> facts.add("source:" + source.name() + ":" + source.status()));
        facts.add("snapshots changed:" + shoebox.events().snapshotChanges());
        String signature = String.join("|", facts);
        if (!signature.equals(checkedFor)) {
            checkedFor = signature;
            check(sources);
        }
    }

    private void check(List<SourceInfo> sources) {
        if (checking) {
            pending = sources;
            return;
        }
        CoverageService coverage = shoebox.coverage().orElse(null);
        if (coverage == null) {
            cards.removeAll();
            state.setText("Whether every file is backed up cannot be checked now: the service that compares "
                    + "sources with their snapshots is not running.");
            return;
        }
        checking = true;
        state.setText("Checking " + (sources.size() == 1 ? "the source" : "the " + sources.size() + " sources") + "…");
        if (cards.getChildren().findAny().isEmpty()) {
            sources.forEach(source -> cards.add(card(new Result(source, null, null))));
        }
        UI ui = UI.getCurrent();
        shoebox.events().background(() -> {
            List<Result> results = new ArrayList<>();
            for (SourceInfo source : sources) {
                try {
                    results.add(new Result(source, coverage.coverage(source.name()), null));
                } catch (NoSuchElementException e) {
                    // removed meanwhile; the next refresh has the new list
                } catch (IOException | RuntimeException e) {
                    results.add(new Result(source, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
            try {
                ui.access(() -> show(results));
            } catch (UIDetachedException e) {
                // the page was closed meanwhile
            }
        });
    }

    private void show(List<Result> results) {
        checking = false;
        cards.removeAll();
        results.forEach(result -> cards.add(card(result)));
        state.setText("Checked at " + Format.time(java.time.Instant.now()) + ": each source's files now against its "
                + "newest complete snapshot on every target.");
        if (pending != null) {
            List<SourceInfo> again = pending;
            pending = null;
            check(again);
        }
    }

    private Component card(Result result) {
        String name = result.source().name();
        Div card = new Div();
        card.setId("coverage-" + name);
        card.addClassName("coverage-card");
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-m)").set("display", "flex").set("flex-direction", "column")
                .set("gap", "var(--lumo-space-s)").set("min-width", "0");
        Span title = new Span(name);
        title.getStyle().set("font-weight", "600");
        Div heading = new Div(title);
        heading.getStyle().set("display", "flex").set("justify-content", "space-between").set("gap", "var(--lumo-space-s)")
                .set("flex-wrap", "wrap");
        card.add(heading);
        if (result.problem() != null) {
            card.getElement().setAttribute("data-state", "problem");
            Paragraph problem = new Paragraph("Cannot be checked: " + result.problem());
            problem.getStyle().set("color", "var(--lumo-error-text-color)").set("margin", "0");
            card.add(problem);
            return card;
        }
        Coverage coverage = result.coverage();
        if (coverage == null) {
            card.getElement().setAttribute("data-state", "checking");
            card.add(new Span("Checking…"));
            return card;
        }
        Span size = new Span(coverage.files() + (coverage.files() == 1 ? " file, " : " files, ") + Format.bytes(coverage.bytes()));
        size.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        heading.add(size);
        card.getElement().setAttribute("data-state", "checked");
        if (coverage.targets().isEmpty()) {
            card.add(new Span("There is no target to back it up to."));
        }
        for (TargetCoverage target : coverage.targets()) {
            card.add(targetRow(name, coverage, target));
        }
        if (!coverage.unreadable().isEmpty()) {
            card.add(unreadable(coverage));
        }
        return card;
    }

    /** What no backup can take from the source, whichever target: each named with the reason. */
    private static Component unreadable(Coverage coverage) {
        int count = coverage.unreadable().size();
        Span badge = Badges.badge(count + (count == 1 ? " entry cannot" : " entries cannot") + " be backed up",
                Badges.Tone.WARN);
        badge.addClassName("coverage-unreadable-count");
        UnorderedList list = new UnorderedList();
        list.addClassName("coverage-unreadable");
        list.getStyle().set("margin", "var(--lumo-space-xs) 0").set("padding-left", "1.1em")
                .set("font-size", "var(--lumo-font-size-s)").set("overflow-wrap", "anywhere");
        coverage.unreadable().stream().limit(PATHS_SHOWN).forEach(entry -> list.add(
                new ListItem(FileNames.display(entry.path()) + ": " + entry.reason())));
        if (count > PATHS_SHOWN) {
            list.add(new ListItem("and " + (count - PATHS_SHOWN) + " more"));
        }
        Div section = new Div(badge, new Details("Show why", list));
        section.getStyle().set("border-top", "1px solid var(--lumo-contrast-5pct)").set("padding-top", "var(--lumo-space-xs)");
        return section;
    }

    private Component targetRow(String source, Coverage coverage, TargetCoverage target) {
        Div row = new Div();
        row.addClassName("coverage-target");
        row.getElement().setAttribute("data-target", target.target());
        row.getElement().setAttribute("data-complete", String.valueOf(target.complete()));
        row.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-xs)")
                .set("border-top", "1px solid var(--lumo-contrast-5pct)").set("padding-top", "var(--lumo-space-xs)");
        Span name = new Span(target.target());
        name.getStyle().set("font-weight", "500");
        Div line = new Div(name, verdict(target));
        line.getStyle().set("display", "flex").set("align-items", "center").set("gap", "var(--lumo-space-s)").set("flex-wrap", "wrap");
        row.add(line);
        if (target.snapshotId() != null) {
            Span when = new Span("Snapshot of " + Format.time(target.snapshotTime()) + " (" + Format.age(target.snapshotTime())
                    + "): " + target.backedUp() + " of " + coverage.files() + " files as they are now");
            when.addClassName("coverage-snapshot");
            when.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
            row.add(when);
        }
        if (!target.missing().isEmpty() || !target.changed().isEmpty()) {
            row.add(paths(source, target));
        }
        return row;
    }

    private static Component verdict(TargetCoverage target) {
        Span badge;
        if (target.problem() != null) {
            badge = Badges.badge("Cannot check: " + target.problem(), Badges.Tone.BAD);
            badge.getStyle().set("white-space", "normal");
        } else if (target.snapshotId() == null) {
            badge = Badges.badge("Never backed up", Badges.Tone.NEUTRAL);
        } else if (target.complete()) {
            badge = Badges.badge("Complete ✓", Badges.Tone.GOOD);
        } else {
            List<String> parts = new ArrayList<>();
            if (!target.missing().isEmpty()) {
                parts.add(target.missing().size() + " missing");
            }
            if (!target.changed().isEmpty()) {
                parts.add(target.changed().size() + " changed");
            }
            badge = Badges.badge(String.join(", ", parts), Badges.Tone.BAD);
        }
        badge.addClassName("coverage-verdict");
        return badge;
    }

    private Component paths(String source, TargetCoverage target) {
        Div lists = new Div();
        if (!target.missing().isEmpty()) {
            lists.add(pathList("Not in the snapshot", target.missing(), "coverage-missing"));
        }
        if (!target.changed().isEmpty()) {
            lists.add(pathList("Changed since", target.changed(), "coverage-changed"));
        }
        int count = target.missing().size() + target.changed().size();
        Details details = new Details(count == 1 ? "Show the file" : "Show the " + count + " files", lists);
        details.addClassName("coverage-files");
        String key = source + "\u0000" + target.target();
        details.setOpened(opened.contains(key));
        details.addOpenedChangeListener(change -> {
            if (change.isOpened()) {
                opened.add(key);
            } else {
                opened.remove(key);
            }
        });
        return details;
    }

    private static Component pathList(String title, List<String> paths, String className) {
        Span heading = new Span(title + " (" + paths.size() + ")");
        heading.getStyle().set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500");
        UnorderedList list = new UnorderedList();
        list.addClassName(className);
        list.getStyle().set("margin", "var(--lumo-space-xs) 0").set("padding-left", "1.1em")
                .set("font-size", "var(--lumo-font-size-s)").set("overflow-wrap", "anywhere");
        paths.stream().limit(PATHS_SHOWN).forEach(path -> list.add(new ListItem(FileNames.display(path))));
        if (paths.size() > PATHS_SHOWN) {
            ListItem rest = new ListItem("and " + (paths.size() - PATHS_SHOWN) + " more");
            rest.addClassName("coverage-more");
            rest.getStyle().set("list-style", "none").set("color", "var(--lumo-secondary-text-color)");
            list.add(rest);
        }
        return new Div(heading, list);
    }
}
