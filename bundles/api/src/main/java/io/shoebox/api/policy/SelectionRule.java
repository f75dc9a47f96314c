package io.shoebox.api.policy;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.shoebox.api.source.SourceEntry;

/** Decides whether a backup takes a file. A file is taken only if every rule of the policy accepts it. */
@ConsumerType
public interface SelectionRule {

    /**
     * @param entry the file
     * @param mediaType its media type when known, else {@code null}
     * @param settings the policy's settings for this rule (for example {@code exclude=**&#47;*.tmp})
     */
    boolean accepts(SourceEntry entry, String mediaType, Map<String, Object> settings);
}
