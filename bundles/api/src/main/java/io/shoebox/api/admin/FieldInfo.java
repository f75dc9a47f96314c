package io.shoebox.api.admin;

import java.util.List;

/**
 * One setting of a configurable type, as its Metatype describes it.
 *
 * @param id property key
 * @param name label
 * @param description help text
 * @param type {@code string}, {@code password}, {@code integer}, {@code long}, {@code double},
 *     {@code boolean}
 * @param required whether a value must be given
 * @param defaultValue the default, or {@code null}
 * @param options allowed values, empty if free
 * @param multiple whether the field holds a list of values
 */
public record FieldInfo(
        String id,
        String name,
        String description,
        String type,
        boolean required,
        Object defaultValue,
        List<String> options,
        boolean multiple) {

    /** Whether this field holds a secret. */
    public boolean isSecret() {
        return "password".equals(type);
    }
}
