package io.shoebox.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shoebox.api.admin.FieldInfo;
import io.shoebox.api.admin.PluginInfo;
import io.shoebox.api.admin.StorageTypeInfo;
import io.shoebox.api.admin.TargetInfo;

/** The JSON shapes of the API's resources, kept apart from the API types so either can evolve. */
final class Representations {

    private Representations() {
    }

    static Map<String, Object> storageType(StorageTypeInfo type) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type.type());
        json.put("name", type.name());
        json.put("description", type.description());
        json.put("fields", type.fields().stream().map(Representations::field).toList());
        json.put("plugin", type.bundleId());
        return json;
    }

    static Map<String, Object> field(FieldInfo field) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", field.id());
        json.put("name", field.name());
        json.put("description", field.description());
        json.put("type", field.type());
        json.put("required", field.required());
        json.put("default", field.defaultValue());
        if (!field.options().isEmpty()) {
            json.put("options", field.options());
        }
        return json;
    }

    static Map<String, Object> target(TargetInfo target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", target.name());
        json.put("type", target.type());
        json.put("config", target.config());
        json.put("secrets", target.secretsSet());
        json.put("status", target.status().name());
        if (target.reason() != null) {
            json.put("reason", target.reason());
        }
        return json;
    }

    static Map<String, Object> plugin(PluginInfo plugin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", plugin.id());
        json.put("symbolicName", plugin.symbolicName());
        json.put("version", plugin.version());
        json.put("name", plugin.name());
        json.put("state", plugin.state());
        json.put("kind", plugin.kind().name().toLowerCase(java.util.Locale.ROOT));
        json.put("location", plugin.location());
        return json;
    }
}
