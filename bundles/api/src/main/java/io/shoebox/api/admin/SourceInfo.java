package io.shoebox.api.admin;

import java.util.Map;

/**
 * A configured source.
 *
 * @param name unique name
 * @param type source type ({@code folder}, ...)
 * @param config its settings
 * @param status whether its provider has it running now
 * @param reason why it is unavailable, or {@code null}
 */
public record SourceInfo(String name, String type, Map<String, Object> config, TargetStatus status, String reason) {
}
