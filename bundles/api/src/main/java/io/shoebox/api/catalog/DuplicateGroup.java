package io.shoebox.api.catalog;

import java.util.List;

/**
 * Files with identical content.
 *
 * @param size bytes of one copy
 * @param copies where the copies are, as {@code source:path}, sorted
 */
public record DuplicateGroup(long size, List<String> copies) {
    public DuplicateGroup {
        copies = List.copyOf(copies);
    }
}
