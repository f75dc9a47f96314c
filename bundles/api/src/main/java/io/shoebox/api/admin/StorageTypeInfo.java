package io.shoebox.api.admin;

import java.util.List;

/**
 * A storage provider that is installed now.
 *
 * @param type short type name, the factory PID without its {@code shoebox.storage.} prefix
 * @param name display name
 * @param description what it stores to
 * @param fields its settings
 * @param bundleId the providing bundle
 */
public record StorageTypeInfo(String type, String name, String description, List<FieldInfo> fields, long bundleId) {
}
