package io.shoebox.console.internal.ui.targets;

import java.util.List;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.ConfigDialog;
import io.shoebox.console.internal.ui.common.EmptyState;
import io.shoebox.console.internal.ui.common.GridRows;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Notices;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.common.ViewHeader;
import io.shoebox.console.internal.ui.shell.MainLayout;

/** Targets: where backups go. Add and edit them with the form their provider describes, test them. */
@Route(value = Paths.TARGETS, layout = MainLayout.class)
@PageTitle("Targets · Shoebox")
public class TargetsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final Grid<TargetInfo> grid = new Grid<>();
    private final GridRows<TargetInfo> rows = new GridRows<>(grid, TargetInfo::name);
    private final Span testResult = new Span();
    private final EmptyState empty;

    public TargetsView(Shoebox shoebox) {
        this.shoebox = shoebox;
        HorizontalLayout header = ViewHeader.withAdd("Targets", "Add target", "add-target", () -> openDialog(null));

        testResult.setId("test-result");
        empty = new EmptyState("No targets yet",
                "A target is where backups are kept: an external drive, a NAS, cloud storage. Add one, then add a "
                        + "source of photos and back it up.", new Button("Add your first target", click -> openDialog(null)));

        grid.setId("targets");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(TargetInfo::name).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TargetInfo::type).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(TargetsView::status).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(TargetsView::settings).setHeader("Settings").setFlexGrow(1);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);

        add(header, empty, grid, testResult);
        setMaxWidth("80em");
        Live.follow(this, shoebox.events(), ServerEvents.Topic.PLUGINS, this::refresh);
        addAttachListener(attach -> refresh());
    }

    private void refresh() {
        List<TargetInfo> targets = shoebox.targets().list();
        rows.show(targets);
        grid.setVisible(!targets.isEmpty());
        empty.setVisible(targets.isEmpty());
    }

    private static Component status(TargetInfo target) {
        if (target.status() == TargetStatus.AVAILABLE) {
            return Badges.badge("Available", Badges.Tone.GOOD);
        }
        Span badge = Badges.badge("Unavailable", Badges.Tone.BAD);
        badge.setTitle(target.reason() == null ? "" : target.reason());
        Span reason = new Span(target.reason() == null ? "" : target.reason());
        reason.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("white-space", "normal");
        VerticalLayout both = new VerticalLayout(badge, reason);
        both.setPadding(false);
        both.setSpacing(false);
        return both;
    }

    private static String settings(TargetInfo target) {
        String plain = target.config().entrySet().stream().filter(e -> !e.getKey().startsWith("."))
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        String secrets = target.secretsSet().isEmpty() ? "" : " (" + String.join(", ", target.secretsSet()) + " set)";
        return plain + secrets;
    }

    private Component actions(TargetInfo target) {
        Button test = new Button("Test", click -> test(target.name()));
        test.setId("test-" + target.name());
        Button edit = new Button("Edit", click -> openDialog(target));
        edit.setId("edit-" + target.name());
        Button locks = new Button("Locks", click -> new LocksDialog(shoebox, target.name()).open());
        locks.setId("locks-" + target.name());
        locks.setTooltipText("Who holds this target's repository; remove a lock left behind");
        locks.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button delete = new Button(VaadinIcon.TRASH.create(), click -> confirmDelete(target));
        delete.setId("delete-" + target.name());
        delete.setTooltipText("Remove this target (the data on it stays)");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        test.addThemeVariants(ButtonVariant.LUMO_SMALL);
        edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL);
        return new HorizontalLayout(test, edit, locks, delete);
    }

    private void test(String name) {
        try {
            var problem = shoebox.targets().testConnection(name);
            if (problem.isEmpty()) {
                testResult.setText("Target " + name + ": the connection works (written, read back and removed a test file).");
                Notices.done("Target " + name + " works");
            } else {
                testResult.setText("Target " + name + ": " + problem.get());
                Notices.problem("Target " + name + ": " + problem.get());
            }
        } catch (RuntimeException e) {
            testResult.setText("Target " + name + ": " + Notices.message(e));
            Notices.problem(Notices.message(e));
        }
        refresh();
    }

    private void openDialog(TargetInfo target) {
        ConfigDialog.Existing existing = target == null ? null
                : new ConfigDialog.Existing(target.name(), target.type(), target.config(), target.secretsSet());
        new ConfigDialog("target", shoebox.targets()::storageTypes, existing, true, shoebox.events(),
                (name, type, config, password) -> {
                    if (target == null) {
                        shoebox.targets().create(name, type, config, password);
                    } else {
                        shoebox.targets().update(name, config, password);
                    }
                }, () -> {
                    Notices.done(target == null ? "Target added" : "Target saved");
                    refresh();
                }).open();
    }

    private void confirmDelete(TargetInfo target) {
        ConfirmDialog confirm = new ConfirmDialog("Remove target " + target.name() + "?",
                "Shoebox forgets this target. The backups stored on it stay where they are; add the target again "
                        + "with the same settings and password to use them.", "Remove", click -> {
                    shoebox.targets().delete(target.name());
                    refresh();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
