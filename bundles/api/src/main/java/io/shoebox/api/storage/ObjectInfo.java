package io.shoebox.api.storage;

import java.time.Instant;

/**
 * What a target knows about one stored object.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param modified when it was written, as the target reports it
 */
public record ObjectInfo(String key, long size, Instant modified) {
}
