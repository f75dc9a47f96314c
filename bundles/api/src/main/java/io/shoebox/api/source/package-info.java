/**
 * Sources: where photos come from. A source bundle registers one {@link io.shoebox.api.source.Source} service per configured source, named by the {@value io.shoebox.api.source.Source#SOURCE_PROPERTY} service property.
 */
@Version("1.2.0")
@Export
package io.shoebox.api.source;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
