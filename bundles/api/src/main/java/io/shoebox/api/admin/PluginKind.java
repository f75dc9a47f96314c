package io.shoebox.api.admin;

/** What a bundle contributes, as the {@code Shoebox-Kind} manifest header (or its services) says. */
public enum PluginKind {
    STORAGE, SOURCE, METADATA, POLICY, CONSOLE, CORE, LIBRARY;

    /** Manifest header a Shoebox bundle declares its kind in. */
    public static final String HEADER = "Shoebox-Kind";
}
