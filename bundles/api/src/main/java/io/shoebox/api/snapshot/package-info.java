/**
 * Snapshots as front ends see them: which exist on a target, what a snapshot holds, and how
 * completely a source is covered by them.
 */
@Version("1.3.0")
@Export
package io.shoebox.api.snapshot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
