/**
 * The Shoebox repository: deduplicated, encrypted, content-addressed storage of snapshots on any
 * {@link io.shoebox.api.storage.Storage}. The format is specified in {@code docs/repository-format.md}.
 *
 * <p>{@link io.shoebox.repository.Repositories} creates and opens repositories; a
 * {@link io.shoebox.repository.Repository} reads snapshots, trees and blobs, and a
 * {@link io.shoebox.repository.RepositoryWriter} adds them.
 */
@Version("3.0.0")
@Export
package io.shoebox.repository;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
