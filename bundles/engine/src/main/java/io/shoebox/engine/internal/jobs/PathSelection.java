package io.shoebox.engine.internal.jobs;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.source.FileNames;

/**
 * Which files of a snapshot a restore takes. Each pattern is a path relative to the source root
 * (a file, or a folder meaning everything in it) or a glob ({@code *}, {@code ?}, {@code **},
 * {@code [..]}, {@code {a,b}}) matched against the whole relative path. No pattern means
 * everything.
 */
final class PathSelection {

    private final List<String> prefixes = new ArrayList<>();
    private final List<PathMatcher> globs = new ArrayList<>();

    PathSelection(List<String> patterns) {
        for (String raw : patterns) {
            String pattern = raw == null ? "" : raw.strip();
            while (pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            while (pattern.endsWith("/")) {
                pattern = pattern.substring(0, pattern.length() - 1);
            }
            if (pattern.isEmpty()) {
                prefixes.add("");
            } else if (pattern.matches(".*[*?\\[{].*")) {
                try {
                    globs.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException("include", "invalid pattern '" + raw + "': " + e.getMessage());
                }
            } else {
                prefixes.add(pattern);
            }
        }
        if (patterns.isEmpty()) {
            prefixes.add("");
        }
    }

    /** Whether a file at this relative path is selected. */
    boolean includes(String path) {
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        if (!globs.isEmpty()) {
            // a name that is not UTF-8 cannot become a Path as it is; globs see it as people do
            Path asPath = Path.of(FileNames.hasEscapes(path) ? FileNames.display(path) : path);
            for (PathMatcher glob : globs) {
                if (glob.matches(asPath)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether anything inside this folder can be selected, so the folder is worth reading. */
    boolean mayIncludeInside(String folder) {
        if (!globs.isEmpty()) {
            return true;
        }
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || prefix.startsWith(folder + "/") || folder.equals(prefix) || folder.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
