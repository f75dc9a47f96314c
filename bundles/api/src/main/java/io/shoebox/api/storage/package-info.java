/**
 * Storage providers: where repositories live.
 *
 * <p>A provider bundle registers one {@link io.shoebox.api.storage.Storage} service per configured
 * target, with the target's name in the {@value io.shoebox.api.storage.Storage#TARGET_PROPERTY}
 * service property and its type in {@value io.shoebox.api.storage.Storage#TYPE_PROPERTY}.
 * Objects are immutable: they are created once, read, listed and deleted, never overwritten.
 */
@Version("1.1.0")
@Export
package io.shoebox.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
