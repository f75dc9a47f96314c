/**
 * Jobs: backups, restores, checks, prunes and copies, their state and their progress. Progress and lifecycle are also published on Event Admin under the topics of {@link io.shoebox.api.job.JobEvents}.
 */
@Version("1.2.0")
@Export
package io.shoebox.api.job;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
