package io.shoebox.api.snapshot;

/**
 * Figures of the repository on a target.
 *
 * @param id the repository's id
 * @param snapshots how many snapshots it holds
 * @param blobs distinct blobs (chunks and trees) in its index
 * @param packs pack files
 * @param storedBytes bytes of blob data in packs, as stored (encrypted)
 * @param indexMemoryBytes memory the server's in-memory index of this repository takes
 */
public record RepositoryInfo(String id, long snapshots, long blobs, long packs, long storedBytes, long indexMemoryBytes) {
}
