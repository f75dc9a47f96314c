package io.shoebox.api.snapshot;

import java.time.Instant;

/**
 * A lock on the repository of a target: who holds it, and whether it still counts.
 *
 * @param id the lock object's name
 * @param exclusive whether it excludes every other lock (a prune, a repair) or only exclusive ones
 *     (a backup)
 * @param hostname the host of the process that holds it
 * @param pid that process's id
 * @param created when it was taken
 * @param expires until when it is fresh without another refresh
 * @param stale whether it no longer counts: its lease ran out, or its process on this host is gone
 * @param description who holds it, in words
 */
public record TargetLock(String id, boolean exclusive, String hostname, long pid, Instant created, Instant expires,
        boolean stale, String description) {
}
