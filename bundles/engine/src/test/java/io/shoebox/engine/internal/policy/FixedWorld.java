package io.shoebox.engine.internal.policy;

import java.util.Set;

import io.shoebox.api.policy.RetentionRule;
import io.shoebox.api.policy.SelectionRule;

/** What policy validation sees of the server in tests: one source, two targets and the standard rules. */
final class FixedWorld implements PolicySettings.World {

    @Override
    public boolean hasSource(String name) {
        return name.equals("photos");
    }

    @Override
    public boolean hasTarget(String name) {
        return Set.of("nas", "usb").contains(name);
    }

    @Override
    public RetentionRule retentionRule(String name) {
        return name.equals(PolicySettings.DEFAULT_RULE) ? (snapshots, settings, zone) -> Set.of() : null;
    }

    @Override
    public SelectionRule selectionRule(String name) {
        return name.equals(PolicySettings.DEFAULT_RULE) ? (entry, mediaType, settings) -> true : null;
    }
}
