/**
 * Administration services the server offers to its front ends (REST API and console): targets, storage types, plugins, health and secrets. Front ends hold no logic of their own; they call these.
 */
@Version("1.1.0")
@Export
package io.shoebox.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
