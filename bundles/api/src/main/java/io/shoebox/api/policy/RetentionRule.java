package io.shoebox.api.policy;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which snapshots of one source on one target to keep. A snapshot is forgotten only if
 * no rule of the policy keeps it; the newest snapshot is always kept whatever the rules say.
 */
@ConsumerType
public interface RetentionRule {

    /** Service property holding the rule's name, by which policies refer to it. */
    String RULE_PROPERTY = "shoebox.rule.name";

    /**
     * Returns the ids of the snapshots this rule keeps.
     *
     * @param snapshots the candidates, newest first
     * @param settings the policy's settings for this rule (for example {@code keepDaily=7})
     * @param zone time zone in which days, weeks and months are counted
     */
    Set<String> keep(List<SnapshotSummary> snapshots, Map<String, Object> settings, ZoneId zone);

    /**
     * Checks a policy's settings before it is accepted, so a mistake is reported when the policy is
     * written, not when it first runs.
     *
     * @return one message per problem, each naming the setting at fault; empty when all is well
     */
    default List<String> validate(Map<String, Object> settings) {
        return List.of();
    }
}
