package io.shoebox.catalog.internal;

/**
 * A file that becomes an item, with its sidecars and Live Photo pair found.
 *
 * @param path path relative to the source root
 * @param folder its folder, {@code ""} for the root
 * @param name its name
 * @param facts what the snapshot says of it
 */
record CatalogFile(String path, String folder, String name, FileFacts facts) {

    static String folderOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
