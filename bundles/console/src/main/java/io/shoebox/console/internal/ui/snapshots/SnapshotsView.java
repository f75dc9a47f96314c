package io.shoebox.console.internal.ui.snapshots;

import java.io.IOException;
import java.util.List;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.EmptyState;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.shell.MainLayout;

/**
 * Snapshots of a target, newest first; choosing one opens it to browse, restore and download. The
 * Photos tab beside it searches the photos and videos in them.
 */
@Route(value = Paths.SNAPSHOTS, layout = MainLayout.class)
@PageTitle("Snapshots · Shoebox")
public class SnapshotsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final Select<String> target = new Select<>();
    private final Grid<SnapshotInfo> timeline = new Grid<>();
    private final Paragraph problem = new Paragraph();
    private final EmptyState empty = new EmptyState("No snapshots on this target yet",
            "Every backup makes a snapshot: the whole library as it was at that moment. Back up a source from the "
                    + "Sources page and its snapshot appears here.");
    private final VerticalLayout browserHolder = new VerticalLayout();

    public SnapshotsView(Shoebox shoebox) {
        this.shoebox = shoebox;
        H2 title = new H2("Snapshots");
        title.getStyle().set("margin", "0");
        var tabs = SnapshotsTabs.of(SnapshotsTabs.Current.SNAPSHOTS);
        target.setId("snapshot-target");
        target.setLabel("Target");
        target.addValueChangeListener(change -> showTimeline());
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);

        timeline.setId("snapshots");
        timeline.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        timeline.addColumn(snapshot -> Format.time(snapshot.time())).setHeader("Taken").setAutoWidth(true).setFlexGrow(0);
        timeline.addColumn(snapshot -> Format.age(snapshot.time())).setHeader("Age").setAutoWidth(true).setFlexGrow(0);
        timeline.addColumn(SnapshotInfo::source).setHeader("Source").setAutoWidth(true);
        timeline.addColumn(SnapshotsView::files).setHeader("Files").setAutoWidth(true).setFlexGrow(0);
        timeline.addColumn(snapshot -> snapshot.stats().containsKey("bytesAdded") ? Format.bytes(snapshot.stats().get("bytesAdded")) : "")
                .setHeader("New data").setAutoWidth(true).setFlexGrow(0);
        timeline.addColumn(snapshot -> snapshot.id().substring(0, Math.min(8, snapshot.id().length()))
                + (snapshot.checkpoint() ? " (checkpoint)" : "")).setHeader("Id").setAutoWidth(true);
        timeline.setHeight("16em");
        timeline.asSingleSelect().addValueChangeListener(change -> showBrowser(change.getValue()));

        browserHolder.setPadding(false);
        browserHolder.setWidthFull();
        add(title, tabs, target, problem, empty, timeline, browserHolder);
        setMaxWidth("90em");
        addAttachListener(attach -> loadTargets());
    }

    /** Files in the snapshot: new, changed and unchanged ones of the backup that made it. */
    private static String files(SnapshotInfo snapshot) {
        var stats = snapshot.stats();
        if (!stats.containsKey("filesNew")) {
            return "";
        }
        return String.valueOf(stats.getOrDefault("filesNew", 0L) + stats.getOrDefault("filesChanged", 0L)
                + stats.getOrDefault("filesUnchanged", 0L));
    }

    private void loadTargets() {
        List<TargetInfo> targets = shoebox.targets().list();
        String chosen = target.getValue();
        target.setItems(targets.stream().map(TargetInfo::name).toList());
        target.setItemEnabledProvider(name -> targets.stream().anyMatch(t -> t.name().equals(name) && t.status() == TargetStatus.AVAILABLE));
        if (chosen != null && targets.stream().anyMatch(t -> t.name().equals(chosen))) {
            target.setValue(chosen);
        } else {
            targets.stream().filter(t -> t.status() == TargetStatus.AVAILABLE).findFirst().ifPresent(t -> target.setValue(t.name()));
        }
        if (targets.isEmpty()) {
            problem.setText("There are no targets yet. Add one on the Targets page, then back up a source.");
            problem.setVisible(true);
            timeline.setVisible(false);
            empty.setVisible(false);
        }
    }

    private void showTimeline() {
        browserHolder.removeAll();
        problem.setVisible(false);
        String name = target.getValue();
        if (name == null) {
            timeline.setItems(List.of());
            return;
        }
        try {
            List<SnapshotInfo> snapshots = shoebox.snapshots().list(name);
            timeline.setItems(snapshots);
            timeline.setVisible(!snapshots.isEmpty());
            empty.setVisible(snapshots.isEmpty());
            if (!snapshots.isEmpty()) {
                timeline.select(snapshots.get(0));
            }
        } catch (IOException | RuntimeException e) {
            timeline.setItems(List.of());
            timeline.setVisible(false);
            empty.setVisible(false);
            problem.setText("The snapshots of " + name + " cannot be read now: " + e.getMessage());
            problem.setVisible(true);
        }
    }

    private void showBrowser(SnapshotInfo snapshot) {
        browserHolder.removeAll();
        if (snapshot != null) {
            browserHolder.add(new SnapshotBrowser(shoebox, target.getValue(), snapshot));
        }
    }
}
