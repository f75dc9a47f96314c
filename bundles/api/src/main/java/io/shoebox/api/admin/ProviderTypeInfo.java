package io.shoebox.api.admin;

import java.util.List;

/**
 * A kind of target or source whose provider bundle is installed now.
 *
 * @param type short type name: the factory PID without its {@code shoebox.storage.} or
 *     {@code shoebox.source.} prefix
 * @param name display name
 * @param description what it is for
 * @param fields its settings
 * @param bundleId the providing bundle
 */
public record ProviderTypeInfo(String type, String name, String description, List<FieldInfo> fields, long bundleId) {
}
