package io.shoebox.api.admin;

import java.util.Map;

/**
 * A configured target.
 *
 * @param name unique name
 * @param type provider type ({@code local}, {@code s3}, ...)
 * @param config the provider settings, without secret values
 * @param status whether its storage can be used now
 * @param reason why it is unavailable, or {@code null}
 * @param secretsSet names of secret settings that have a value (shown as set, never revealed)
 */
public record TargetInfo(
        String name,
        String type,
        Map<String, Object> config,
        TargetStatus status,
        String reason,
        java.util.Set<String> secretsSet) {
}
