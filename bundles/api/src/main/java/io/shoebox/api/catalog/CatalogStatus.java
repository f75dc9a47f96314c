package io.shoebox.api.catalog;

import java.time.Instant;
import java.util.Map;

/**
 * State of the catalog.
 *
 * @param items items it holds
 * @param snapshots snapshots it has read
 * @param rebuilding whether a rebuild is running
 * @param lastRebuild when the last rebuild finished, or {@code null}
 * @param unreadTargets the targets the last rebuild could not read (unreachable, wrong password), each
 *        with why; their items are missing from the catalog until they are read again
 */
public record CatalogStatus(long items, long snapshots, boolean rebuilding, Instant lastRebuild,
        Map<String, String> unreadTargets) {

    public CatalogStatus {
        unreadTargets = unreadTargets == null ? Map.of() : Map.copyOf(unreadTargets);
    }

    /** A state without unread targets. */
    public CatalogStatus(long items, long snapshots, boolean rebuilding, Instant lastRebuild) {
        this(items, snapshots, rebuilding, lastRebuild, Map.of());
    }
}
