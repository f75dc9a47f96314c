package io.shoebox.api.admin;

/**
 * An installed bundle.
 *
 * @param id bundle id
 * @param symbolicName bundle symbolic name
 * @param version bundle version
 * @param name human name
 * @param state {@code INSTALLED}, {@code RESOLVED}, {@code STARTING}, {@code ACTIVE}, {@code STOPPING}
 * @param kind what it contributes
 * @param location where it was installed from
 */
public record PluginInfo(long id, String symbolicName, String version, String name, String state, PluginKind kind,
        String location) {
}
