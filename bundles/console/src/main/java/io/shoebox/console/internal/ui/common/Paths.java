package io.shoebox.console.internal.ui.common;

/**
 * The address of each view, for its {@code @Route} and for links to it. Links go by address, not by
 * view class, so the navigation and the views do not depend on each other.
 */
public final class Paths {

    public static final String DASHBOARD = "";
    public static final String TARGETS = "targets";
    public static final String SOURCES = "sources";
    public static final String POLICIES = "policies";
    public static final String JOBS = "jobs";
    public static final String SNAPSHOTS = "snapshots";
    public static final String PHOTOS = "snapshots/photos";
    public static final String PLUGINS = "plugins";
    public static final String LOGIN = "login";

    private Paths() {
    }
}
