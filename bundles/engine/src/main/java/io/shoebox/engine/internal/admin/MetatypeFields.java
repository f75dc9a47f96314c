package io.shoebox.engine.internal.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.shoebox.api.admin.FieldInfo;

/** Turns Metatype attribute definitions into the field descriptions front ends render forms from. */
final class MetatypeFields {

    private MetatypeFields() {
    }

    static List<FieldInfo> of(ObjectClassDefinition definition) {
        Set<String> required = ids(definition.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        AttributeDefinition[] all = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
        List<FieldInfo> fields = new ArrayList<>();
        if (all == null) {
            return fields;
        }
        for (AttributeDefinition attribute : all) {
            String type = typeName(attribute.getType());
            boolean multiple = attribute.getCardinality() != 0;
            String[] defaults = attribute.getDefaultValue();
            Object defaultValue;
            if (multiple) {
                defaultValue = defaults == null ? List.of() : Arrays.stream(defaults).map(d -> convert(d, type)).toList();
            } else {
                defaultValue = defaults == null || defaults.length == 0 ? null : convert(defaults[0], type);
            }
            String[] options = attribute.getOptionValues();
            fields.add(new FieldInfo(attribute.getID(), attribute.getName(), attribute.getDescription(), type,
                    required.contains(attribute.getID()) && defaultValue == null, defaultValue,
                    options == null ? List.of() : Arrays.asList(options), multiple));
        }
        return fields;
    }

    private static Set<String> ids(AttributeDefinition[] attributes) {
        Set<String> ids = new HashSet<>();
        if (attributes != null) {
            for (AttributeDefinition attribute : attributes) {
                ids.add(attribute.getID());
            }
        }
        return ids;
    }

    static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.PASSWORD -> "password";
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.LONG -> "long";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "double";
            default -> "string";
        };
    }

    /**
     * Converts a value given by a user to a field's type: a list for a multiple field (a list, an
     * array, or text with one value per line), a single value otherwise.
     *
     * @throws IllegalArgumentException when it does not fit
     */
    static Object convert(Object value, FieldInfo field) {
        if (!field.multiple()) {
            if (value instanceof Collection<?> || value instanceof Object[]) {
                throw new IllegalArgumentException("takes one value, not a list");
            }
            return convert(value, field.type());
        }
        List<?> items;
        if (value instanceof Collection<?> collection) {
            items = List.copyOf(collection);
        } else if (value instanceof Object[] array) {
            items = Arrays.asList(array);
        } else {
            items = value.toString().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        List<Object> converted = items.stream().map(item -> convert(item, field.type())).toList();
        return switch (field.type()) {
            case "boolean" -> converted.toArray(Boolean[]::new);
            case "integer", "long" -> converted.toArray(Long[]::new);
            case "double" -> converted.toArray(Double[]::new);
            default -> converted.toArray(String[]::new);
        };
    }

    /**
     * Converts a value given by a user (a JSON value or form text) to a field's type.
     *
     * @throws IllegalArgumentException when it does not fit
     */
    static Object convert(Object value, String type) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return switch (type) {
            case "boolean" -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("must be true or false, not '" + text + "'");
                }
                yield Boolean.valueOf(text);
            }
            case "integer", "long" -> {
                try {
                    long number = value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)
                            ? n.longValue() : Long.parseLong(text);
                    if (type.equals("integer") && (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE)) {
                        throw new IllegalArgumentException("is too large: " + text);
                    }
                    yield number;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a whole number, not '" + text + "'");
                }
            }
            case "double" -> {
                try {
                    yield value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, not '" + text + "'");
                }
            }
            default -> value instanceof String s ? s : text;
        };
    }
}
