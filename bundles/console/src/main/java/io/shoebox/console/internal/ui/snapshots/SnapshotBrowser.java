package io.shoebox.console.internal.ui.snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.AbstractBackEndHierarchicalDataProvider;
import com.vaadin.flow.data.provider.hierarchy.HierarchicalQuery;
import com.vaadin.flow.server.streams.DownloadHandler;

import io.shoebox.api.snapshot.SnapshotEntry;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.source.FileNames;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Format;

/**
 * The folders of one snapshot, opened one level at a time as the user expands them. Chosen files and
 * folders can be restored to a folder of the server; a single file downloads through the browser.
 */
class SnapshotBrowser extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    SnapshotBrowser(Shoebox shoebox, String target, SnapshotInfo snapshot) {
        setPadding(false);
        setWidthFull();
        H3 title = new H3("Snapshot " + snapshot.id().substring(0, Math.min(8, snapshot.id().length())) + " of "
                + snapshot.source() + ", " + Format.time(snapshot.time()));
        title.getStyle().set("margin", "0");

        TreeGrid<SnapshotEntry> tree = new TreeGrid<>();
        tree.setId("snapshot-files");
        tree.addThemeVariants(GridVariant.LUMO_COMPACT);
        tree.setSelectionMode(Grid.SelectionMode.MULTI);
        tree.addHierarchyColumn(entry -> FileNames.display(entry.name())).setHeader("Name").setFlexGrow(1);
        tree.addColumn(entry -> entry.directory() ? "" : Format.bytes(entry.size())).setHeader("Size").setWidth("7em").setFlexGrow(0);
        tree.addColumn(entry -> Format.time(entry.modified())).setHeader("Modified").setWidth("10em").setFlexGrow(0);
        tree.addComponentColumn(entry -> entry.directory() ? new Span() : download(shoebox, target, snapshot.id(), entry))
                .setWidth("7em").setFlexGrow(0);
        tree.setDataProvider(new Folders(shoebox, target, snapshot.id()));
        tree.setHeight("28em");

        Button restore = new Button("Restore selected…", VaadinIcon.DOWNLOAD_ALT.create(), click ->
                new RestoreDialog(shoebox, target, snapshot.id(), tree.getSelectedItems().stream().map(SnapshotBrowser::pattern).toList())
                        .open());
        restore.setId("restore-selected");
        restore.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        restore.setEnabled(false);
        Span chosen = new Span("Tick files or folders to restore them.");
        chosen.getStyle().set("color", "var(--lumo-secondary-text-color)");
        tree.addSelectionListener(selection -> {
            int count = selection.getAllSelectedItems().size();
            restore.setEnabled(count > 0);
            chosen.setText(count == 0 ? "Tick files or folders to restore them." : count + " chosen");
        });
        HorizontalLayout actions = new HorizontalLayout(restore, chosen);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        add(title, actions, tree);
    }

    /** A folder is restored with everything in it. */
    static String pattern(SnapshotEntry entry) {
        return entry.directory() ? entry.path() + "/" : entry.path();
    }

    private static Component download(Shoebox shoebox, String target, String snapshot, SnapshotEntry entry) {
        DownloadHandler handler = event -> {
            event.setFileName(FileNames.display(entry.name()));
            event.setContentType("application/octet-stream");
            event.setContentLength(entry.size());
            snapshot(shoebox, target, snapshot, entry, event.getOutputStream());
        };
        Anchor link = new Anchor(handler, "Download");
        link.setTitle("Download " + FileNames.display(entry.name()));
        link.getElement().setAttribute("download", true);
        link.addClassName("download");
        return link;
    }

    private static void snapshot(Shoebox shoebox, String target, String snapshot, SnapshotEntry entry, java.io.OutputStream out)
            throws IOException {
        shoebox.snapshots().readFile(target, snapshot, entry.path(), out);
    }

    /** Reads a folder when it is opened; each folder once per browser view. */
    private static final class Folders extends AbstractBackEndHierarchicalDataProvider<SnapshotEntry, Void> {
        private static final long serialVersionUID = 1L;
        private final transient Shoebox shoebox;
        private final String target;
        private final String snapshot;
        private final Map<String, List<SnapshotEntry>> read = new HashMap<>();

        Folders(Shoebox shoebox, String target, String snapshot) {
            this.shoebox = shoebox;
            this.target = target;
            this.snapshot = snapshot;
        }

        private List<SnapshotEntry> entries(SnapshotEntry folder) {
            String path = folder == null ? "" : folder.path();
            return read.computeIfAbsent(path, p -> {
                try {
                    return shoebox.snapshots().listFolder(target, snapshot, p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        public int getChildCount(HierarchicalQuery<SnapshotEntry, Void> query) {
            return entries(query.getParent()).size();
        }

        @Override
        public boolean hasChildren(SnapshotEntry item) {
            return item.directory();
        }

        @Override
        protected Stream<SnapshotEntry> fetchChildrenFromBackEnd(HierarchicalQuery<SnapshotEntry, Void> query) {
            return entries(query.getParent()).stream().skip(query.getOffset()).limit(query.getLimit());
        }

        @Override
        public Object getId(SnapshotEntry item) {
            return item.path();
        }
    }
}
