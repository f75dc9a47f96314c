/**
 * Snapshots as front ends see them: which exist on a target, and what a snapshot holds.
 */
@Version("1.0.0")
@Export
package io.shoebox.api.snapshot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
