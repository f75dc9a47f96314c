package io.shoebox.repository;

/** A stored snapshot with its id (the name of its object under {@code snapshots/}). */
public record SnapshotRef(String id, Snapshot snapshot) {
}
