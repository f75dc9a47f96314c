package io.shoebox.api.policy;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.shoebox.api.source.SourceEntry;

/** Decides whether a backup takes a file. A file is taken only if every rule of the policy accepts it. */
@ConsumerType
public interface SelectionRule {

    /** Service property holding the rule's name, by which policies refer to it. */
    String RULE_PROPERTY = RetentionRule.RULE_PROPERTY;

    /**
     * @param entry the file
     * @param mediaType its media type when known, else {@code null}
     * @param settings the policy's settings for this rule (for example {@code exclude=**&#47;*.tmp})
     */
    boolean accepts(SourceEntry entry, String mediaType, Map<String, Object> settings);

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
