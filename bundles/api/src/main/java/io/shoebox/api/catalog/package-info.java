/**
 * The catalog: every photo and video of every source, searchable by when, where, with what and
 * in which folder, with the snapshots that hold each version. It is a cache of the repositories
 * and can always be rebuilt from them.
 */
@Version("1.1.0")
@Export
package io.shoebox.api.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
