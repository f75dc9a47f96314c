package io.shoebox.console.ui.snapshots;

import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.RouterLink;

import io.shoebox.console.ui.photos.PhotosView;

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
        Tab snapshots = new Tab(new RouterLink("Snapshots", SnapshotsView.class));
        snapshots.setId("tab-snapshots");
        Tab photos = new Tab(new RouterLink("Photos", PhotosView.class));
        photos.setId("tab-photos");
        Tabs tabs = new Tabs(snapshots, photos);
        tabs.setId("snapshots-tabs");
        tabs.setSelectedTab(current == Current.PHOTOS ? photos : snapshots);
        return tabs;
    }
}
