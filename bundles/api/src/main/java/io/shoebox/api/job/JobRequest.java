package io.shoebox.api.job;

import java.util.List;
import java.util.Map;

/**
 * What to run. Which fields matter depends on {@code type}: a backup needs a source and a target
 * (or a policy), a restore a target, a snapshot, include patterns and a destination.
 *
 * @param type {@code backup}, {@code restore}, {@code check}, {@code prune} or {@code copy}
 * @param policy the policy that asks for the job, or {@code null}
 * @param source source name
 * @param target target name
 * @param snapshot snapshot id
 * @param include paths or globs, relative to the source root
 * @param destination absolute folder on the server for a restore
 * @param options further settings of the job type
 */
public record JobRequest(
        String type,
        String policy,
        String source,
        String target,
        String snapshot,
        List<String> include,
        String destination,
        Map<String, Object> options) {

    public JobRequest {
        include = include == null ? List.of() : List.copyOf(include);
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
