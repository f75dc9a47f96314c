package io.shoebox.console.internal.ui.plugins;

import java.io.ByteArrayInputStream;
import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;

import io.shoebox.api.admin.PluginInfo;
import io.shoebox.api.admin.PluginKind;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Notices;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.shell.MainLayout;

/**
 * Plugins: the bundles of the running server. Upload a jar to install a plugin or, with the symbolic name
 * of an installed one, to update it; stop, start and uninstall plugins. The list follows bundle events.
 */
@Route(value = Paths.PLUGINS, layout = MainLayout.class)
@PageTitle("Plugins · Shoebox")
public class PluginsView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final Grid<PluginInfo> grid = new Grid<>();
    private final Checkbox showServer = new Checkbox("Show the server's own bundles");
    private final Paragraph installResult = new Paragraph();

    public PluginsView(Shoebox shoebox) {
        this.shoebox = shoebox;
        H2 title = new H2("Plugins");
        title.getStyle().set("margin", "0");
        Paragraph intro = new Paragraph("Storage providers, sources and other plugins are bundles: install one by "
                + "uploading its jar (a jar with the symbolic name of an installed plugin updates it). No restart is needed.");
        intro.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0");
        Upload upload = uploader("Upload plugin jar…");
        upload.setId("plugin-upload");
        installResult.setId("install-result");

        grid.setId("plugins");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setAllRowsVisible(true);
        grid.addColumn(PluginInfo::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(PluginInfo::symbolicName).setHeader("Symbolic name").setAutoWidth(true);
        grid.addColumn(plugin -> plugin.kind().name().toLowerCase()).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(PluginInfo::version).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(plugin -> Badges.badge(plugin.state(), "ACTIVE".equals(plugin.state()) ? Badges.Tone.GOOD
                : Badges.Tone.NEUTRAL)).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        showServer.addValueChangeListener(change -> refresh());

        add(title, intro, upload, installResult, showServer, grid);
        setMaxWidth("90em");
        Live.follow(this, shoebox.events(), ServerEvents.Topic.PLUGINS, this::refresh);
        addAttachListener(attach -> refresh());
    }

    /** An upload field that installs (or updates) the jar it receives. */
    private Upload uploader(String buttonText) {
        Upload upload = new Upload();
        upload.setAcceptedFileTypes(".jar", "application/java-archive");
        upload.setMaxFiles(1);
        upload.setDropLabel(new com.vaadin.flow.component.html.Span("or drop a jar here"));
        upload.setUploadButton(new Button(buttonText));
        upload.setUploadHandler(UploadHandler.inMemory((metadata, bytes) -> {
            UI ui = upload.getUI().orElse(null);
            String message;
            boolean ok;
            try {
                PluginInfo installed = shoebox.plugins().install(new ByteArrayInputStream(bytes));
                message = "Installed " + installed.name() + " " + installed.version() + " (" + installed.kind().name().toLowerCase() + ")";
                ok = true;
            } catch (RuntimeException e) {
                message = metadata.fileName() + " was not installed: " + Notices.message(e);
                ok = false;
            }
            if (ui != null) {
                String text = message;
                boolean success = ok;
                ui.access(() -> {
                    installResult.setText(text);
                    if (success) {
                        Notices.done(text);
                    } else {
                        Notices.problem(text);
                    }
                    upload.clearFileList();
                    refresh();
                });
            }
        }));
        return upload;
    }

    private void refresh() {
        List<PluginInfo> plugins = shoebox.plugins().list().stream()
                .filter(plugin -> showServer.getValue() || (plugin.kind() != PluginKind.CORE && plugin.kind() != PluginKind.LIBRARY))
                .toList();
        grid.setItems(plugins);
    }

    private static boolean isServerPart(PluginInfo plugin) {
        return plugin.kind() == PluginKind.CORE || plugin.kind() == PluginKind.LIBRARY;
    }

    private Component actions(PluginInfo plugin) {
        HorizontalLayout actions = new HorizontalLayout();
        if (isServerPart(plugin) && !plugin.location().contains("/deploy/")) {
            return actions;
        }
        String key = plugin.symbolicName();
        if ("ACTIVE".equals(plugin.state())) {
            Button stop = new Button("Stop", click -> run(() -> shoebox.plugins().stop(plugin.id()), "Stopped " + plugin.name()));
            stop.setId("stop-" + key);
            stop.addThemeVariants(ButtonVariant.LUMO_SMALL);
            actions.add(stop);
        } else {
            Button start = new Button("Start", click -> run(() -> shoebox.plugins().start(plugin.id()), "Started " + plugin.name()));
            start.setId("start-" + key);
            start.addThemeVariants(ButtonVariant.LUMO_SMALL);
            actions.add(start);
        }
        Button update = new Button("Update…", click -> openUpdate(plugin));
        update.setId("update-" + key);
        update.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button uninstall = new Button("Uninstall", click -> confirmUninstall(plugin));
        uninstall.setId("uninstall-" + key);
        uninstall.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        actions.add(update, uninstall);
        return actions;
    }

    private void run(Runnable action, String done) {
        try {
            action.run();
            Notices.done(done);
        } catch (RuntimeException e) {
            Notices.problem(Notices.message(e));
        }
        refresh();
    }

    private void openUpdate(PluginInfo plugin) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Update " + plugin.name() + " " + plugin.version());
        dialog.add(new Paragraph("Upload the new version's jar. It replaces " + plugin.symbolicName()
                + " without a restart; targets and sources it provides keep their settings."));
        Upload upload = uploader("Upload new version…");
        upload.setId("update-upload");
        upload.addSucceededListener(done -> dialog.close());
        dialog.add(upload);
        dialog.getFooter().add(new Button("Close", click -> dialog.close()));
        dialog.open();
    }

    private void confirmUninstall(PluginInfo plugin) {
        ConfirmDialog confirm = new ConfirmDialog("Uninstall " + plugin.name() + "?",
                "Targets and sources of this plugin become unavailable until it is installed again; their settings and "
                        + "data stay.", "Uninstall", click -> run(() -> shoebox.plugins().uninstall(plugin.id()),
                                "Uninstalled " + plugin.name()));
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.setId("confirm-uninstall");
        confirm.open();
    }
}
