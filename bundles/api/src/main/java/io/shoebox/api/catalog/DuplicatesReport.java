package io.shoebox.api.catalog;

import java.util.List;

/**
 * Identical files across folders and sources, found in the newest snapshots of one target.
 *
 * @param target the target whose repository identified the content
 * @param groups every set of two or more identical files, largest waste first
 * @param duplicateFiles files that are a copy of another (the copies beyond the first of each group)
 * @param savedBytes bytes deduplication does not store again because of these copies
 */
public record DuplicatesReport(String target, List<DuplicateGroup> groups, long duplicateFiles, long savedBytes) {
    public DuplicatesReport {
        groups = List.copyOf(groups);
    }
}
