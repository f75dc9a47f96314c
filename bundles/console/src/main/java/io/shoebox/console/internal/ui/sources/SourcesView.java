package io.shoebox.console.internal.ui.sources;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.api.admin.SourceInfo;
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

/** Sources: the photo folders that are backed up. Create, edit, delete, and back one up now. */
@Route(value = Paths.SOURCES, layout = MainLayout.class)
@PageTitle("Sources · Shoebox")
public class SourcesView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final Grid<SourceInfo> grid = new Grid<>();
    private final GridRows<SourceInfo> rows = new GridRows<>(grid, SourceInfo::name);
    private final EmptyState empty;

    public SourcesView(Shoebox shoebox) {
        this.shoebox = shoebox;
        HorizontalLayout header = ViewHeader.withAdd("Sources", "Add source", "add-source", () -> openDialog(null));

        empty = new EmptyState("No sources yet",
                "A source is a folder of photos to back up: an iCloud Photos download, a camera card dump, a Photos "
                        + "export. Add one, then press “Back up now”.",
                new Button("Add your first source", click -> openDialog(null)));

        grid.setId("sources");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(SourceInfo::name).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(SourceInfo::type).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(source -> source.status() == TargetStatus.AVAILABLE
                ? Badges.badge("Ready", Badges.Tone.GOOD)
                : Badges.badge("Unavailable: " + source.reason(), Badges.Tone.BAD)).setHeader("Status").setAutoWidth(true);
        grid.addColumn(source -> source.config().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "))).setHeader("Settings").setFlexGrow(1);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);

        add(header, empty, grid);
        setMaxWidth("80em");
        Live.follow(this, shoebox.events(), ServerEvents.Topic.PLUGINS, this::refresh);
        addAttachListener(attach -> refresh());
    }

    private void refresh() {
        List<SourceInfo> sources = shoebox.sources().list();
        rows.show(sources);
        grid.setVisible(!sources.isEmpty());
        empty.setVisible(sources.isEmpty());
    }

    private Component actions(SourceInfo source) {
        Button backup = new Button("Back up now", VaadinIcon.UPLOAD.create(), click -> new BackupNowDialog(shoebox, source.name()).open());
        backup.setId("backup-" + source.name());
        backup.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        Button edit = new Button("Edit", click -> openDialog(source));
        edit.setId("edit-" + source.name());
        edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button delete = new Button(VaadinIcon.TRASH.create(), click -> confirmDelete(source));
        delete.setId("delete-" + source.name());
        delete.setTooltipText("Remove this source (its files and snapshots stay)");
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(backup, edit, delete);
    }

    private void openDialog(SourceInfo source) {
        ConfigDialog.Existing existing = source == null ? null
                : new ConfigDialog.Existing(source.name(), source.type(), source.config(), Set.of());
        new ConfigDialog("source", shoebox.sources()::sourceTypes, existing, false, shoebox.events(),
                (name, type, config, password) -> {
                    if (source == null) {
                        shoebox.sources().create(name, type, config);
                    } else {
                        shoebox.sources().update(name, config);
                    }
                }, () -> {
                    Notices.done(source == null ? "Source added" : "Source saved");
                    refresh();
                }).open();
    }

    private void confirmDelete(SourceInfo source) {
        ConfirmDialog confirm = new ConfirmDialog("Remove source " + source.name() + "?",
                "Shoebox stops backing up this folder. The folder and its snapshots stay.", "Remove", click -> {
                    shoebox.sources().delete(source.name());
                    refresh();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
