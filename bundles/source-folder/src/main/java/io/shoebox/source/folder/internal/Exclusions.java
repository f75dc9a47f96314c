package io.shoebox.source.folder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides which names a walk leaves out: system clutter nobody wants in a photo backup, hidden
 * files when so configured, and the user's own patterns. Checked once per directory entry, so the
 * common case (a photo name) costs a hash lookup and a few {@code endsWith} calls.
 */
final class Exclusions {

    enum Verdict { KEEP, SKIP, PLACEHOLDER }

    /** Exact names, lower case: OS and NAS metadata, thumbnails caches, trash and snapshot folders. */
    static final Set<String> JUNK_NAMES = Set.of(
            ".ds_store", ".appledouble", ".trashes", ".spotlight-v100", ".fseventsd", ".temporaryitems",
            ".documentrevisions-v100",                                     // macOS
            "thumbs.db", "ehthumbs.db", "desktop.ini", "$recycle.bin", "system volume information", // Windows
            "@eadir", "#recycle", "#snapshot",                             // Synology
            ".@__thumb", "@recycle", "@recently-snapshot",                 // QNAP
            ".thumbnails");                                                // Android DCIM thumbnail cache

    /** Name prefixes: Office lock files, AppleDouble resource forks, Linux trash on removable drives. */
    static final List<String> JUNK_PREFIXES = List.of("~$", "._", ".trash-");

    /** Name suffixes, lower case: downloads and copies still in progress. */
    static final List<String> JUNK_SUFFIXES = List.of(".part", ".partial", ".crdownload", ".download", ".tmp");

    /** iCloud Drive keeps a file that is not downloaded as {@code .Name.ext.icloud}. */
    static final String ICLOUD_SUFFIX = ".icloud";

    private final boolean includeHidden;
    private final List<Glob> byName = new ArrayList<>();
    private final List<Glob> byPath = new ArrayList<>();

    Exclusions(boolean includeHidden, String[] excludes) {
        this.includeHidden = includeHidden;
        if (excludes != null) {
            for (String exclude : excludes) {
                if (exclude == null || exclude.isBlank()) {
                    continue;
                }
                Glob glob = Glob.compile(exclude);
                (glob.anchored() ? byPath : byName).add(glob);
            }
        }
    }

    /**
     * The verdict for an entry called {@code name} at {@code path} (relative, {@code /}-separated).
     * Applies to files and folders alike: a skipped folder is not entered.
     */
    Verdict check(String name, String path) {
        String lower = Glob.lower(name);
        if (JUNK_NAMES.contains(lower)) {
            return Verdict.SKIP;
        }
        for (String prefix : JUNK_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return Verdict.SKIP;
            }
        }
        for (String suffix : JUNK_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return Verdict.SKIP;
            }
        }
        if (lower.startsWith(".") && lower.endsWith(ICLOUD_SUFFIX) && lower.length() > ICLOUD_SUFFIX.length() + 1) {
            return Verdict.PLACEHOLDER;
        }
        if (!includeHidden && name.startsWith(".")) {
            return Verdict.SKIP;
        }
        for (Glob glob : byName) {
            if (glob.matches(name, path)) {
                return Verdict.SKIP;
            }
        }
        for (Glob glob : byPath) {
            if (glob.matches(name, path)) {
                return Verdict.SKIP;
            }
        }
        return Verdict.KEEP;
    }

    /** {@code .IMG_0001.HEIC.icloud} -> {@code IMG_0001.HEIC}. */
    static String placeholderTarget(String name) {
        return name.substring(1, name.length() - ICLOUD_SUFFIX.length());
    }
}
