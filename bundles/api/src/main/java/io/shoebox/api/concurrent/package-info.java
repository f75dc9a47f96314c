/**
 * The one place Shoebox bundles make threads: named daemon threads and the pools built on them, so a
 * thread dump says what every thread of the server is for.
 */
@Version("1.0.0")
@Export
package io.shoebox.api.concurrent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
