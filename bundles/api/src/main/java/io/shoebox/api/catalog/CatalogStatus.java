package io.shoebox.api.catalog;

import java.time.Instant;

/**
 * State of the catalog.
 *
 * @param items items it holds
 * @param snapshots snapshots it has read
 * @param rebuilding whether a rebuild is running
 * @param lastRebuild when the last rebuild finished, or {@code null}
 */
public record CatalogStatus(long items, long snapshots, boolean rebuilding, Instant lastRebuild) {
}
