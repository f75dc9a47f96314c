/**
 * Policies ({@link io.shoebox.api.policy.PolicyService}) and their rules, which files a backup takes ({@link io.shoebox.api.policy.SelectionRule}) and which snapshots retention keeps ({@link io.shoebox.api.policy.RetentionRule}). Rules are services named by {@value io.shoebox.api.policy.RetentionRule#RULE_PROPERTY}, so a policy can use rules from any bundle.
 */
@Version("2.0.0")
@Export
package io.shoebox.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
