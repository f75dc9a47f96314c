package io.shoebox.console.internal.ui.snapshots;

import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.RouterLink;

import io.shoebox.console.internal.ui.common.Paths;

/**
 * The two ways into what is backed up: the snapshots as they were taken, and the photos and videos in
 * them. Each tab is a link, so it can be opened in a new browser tab and the address says where one is.
 */
public final class SnapshotsTabs {

    /** Which tab is shown. */
    public enum Current { SNAPSHOTS, PHOTOS }

    private SnapshotsTabs() {
    }

    public static Tabs of(Current current) {
        Tab snapshots = new Tab(link("Snapshots", Paths.SNAPSHOTS));
        snapshots.setId("tab-snapshots");
        Tab photos = new Tab(link("Photos", Paths.PHOTOS));
        photos.setId("tab-photos");
        Tabs tabs = new Tabs(snapshots, photos);
        tabs.setId("snapshots-tabs");
        tabs.setSelectedTab(current == Current.PHOTOS ? photos : snapshots);
        return tabs;
    }

    /** A link within the console, by address (so this package needs no view of another). */
    private static RouterLink link(String text, String path) {
        RouterLink link = new RouterLink();
        link.setText(text);
        link.getElement().setAttribute("href", path);
        return link;
    }
}
