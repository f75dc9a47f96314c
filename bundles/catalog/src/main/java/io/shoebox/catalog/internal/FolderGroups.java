package io.shoebox.catalog.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.shoebox.api.snapshot.SnapshotFile;

/**
 * Collects the files of a depth-first walk folder by folder, and hands a folder's files on once
 * the walk has left it (its files may come before and after its subfolders). A very large folder
 * is handed on in parts, cut where the name before the first dot changes, so that memory stays
 * bounded while a photo and its sidecars (same name, other extension) still arrive together.
 */
final class FolderGroups implements Consumer<SnapshotFile> {

    static final int LARGE_FOLDER = 20_000;

    private static final class Group {
        final String folder;
        List<SnapshotFile> files = new ArrayList<>();

        Group(String folder) {
            this.folder = folder;
        }
    }

    private final Consumer<List<SnapshotFile>> sink;
    private final Deque<Group> open = new ArrayDeque<>();

    FolderGroups(Consumer<List<SnapshotFile>> sink) {
        this.sink = sink;
    }

    @Override
    public void accept(SnapshotFile file) {
        String folder = CatalogFile.folderOf(file.path());
        while (!open.isEmpty() && !within(folder, open.peek().folder)) {
            emit(open.pop());
        }
        if (open.isEmpty() || !open.peek().folder.equals(folder)) {
            open.push(new Group(folder));
        }
        Group group = open.peek();
        if (group.files.size() >= LARGE_FOLDER
                && !firstPart(group.files.get(group.files.size() - 1).path()).equals(firstPart(file.path()))) {
            emit(group);
            group.files = new ArrayList<>();
        }
        group.files.add(file);
    }

    /** Hands on every folder still open; the walk is over. */
    void finish() {
        while (!open.isEmpty()) {
            emit(open.pop());
        }
    }

    private void emit(Group group) {
        if (!group.files.isEmpty()) {
            sink.accept(group.files);
        }
    }

    private static boolean within(String folder, String ancestor) {
        return ancestor.isEmpty() || folder.equals(ancestor) || folder.startsWith(ancestor + "/");
    }

    private static String firstPart(String path) {
        String name = CatalogFile.nameOf(path).toLowerCase(Locale.ROOT);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
