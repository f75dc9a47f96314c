package io.shoebox.configfiles.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code .cfg.json} format: one JSON object whose members are the configuration's
 * properties. Strings, booleans, whole and decimal numbers and arrays of them are allowed; whole
 * numbers become {@code Long}, decimals {@code Double}, arrays typed arrays. The file name gives
 * the PID: {@code shoebox.logging.cfg.json}, or {@code shoebox.storage.local~disk.cfg.json} for a
 * named factory configuration.
 */
final class ConfigFileFormat {

    static final String SUFFIX = ".cfg.json";

    /** Properties Configuration Admin manages itself; they never go into a file. */
    private static final Set<String> MANAGED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The PID a file configures, or {@code null} when it is not a configuration file. */
    static String pidOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.startsWith(".")) {
            return null;
        }
        String pid = fileName.substring(0, fileName.length() - SUFFIX.length());
        return pid.isEmpty() ? null : pid;
    }

    static String fileNameOf(String pid) {
        return pid + SUFFIX;
    }

    Dictionary<String, Object> read(byte[] json, String fileName) throws IOException {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(fileName + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(fileName + " must hold one JSON object, like {\"path\": \"/mnt/backup\"}");
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (MANAGED.contains(field.getKey()) || field.getValue().isNull()) {
                continue;
            }
            properties.put(field.getKey(), valueOf(field.getValue(), fileName + ": " + field.getKey()));
        }
        return properties;
    }

    private static Object valueOf(JsonNode node, String where) throws IOException {
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            for (JsonNode item : node) {
                items.add(scalarOf(item, where));
            }
            Class<?> type = items.stream().map(Object::getClass).distinct().count() == 1 ? items.get(0).getClass() : String.class;
            Object array = Array.newInstance(type, items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, type == String.class ? items.get(i).toString() : items.get(i));
            }
            return array;
        }
        return scalarOf(node, where);
    }

    private static Object scalarOf(JsonNode node, String where) throws IOException {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        throw new IOException(where + " must be a string, number, boolean or an array of them");
    }

    byte[] write(Dictionary<String, Object> properties) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        Map<String, Object> sorted = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!MANAGED.contains(key)) {
                sorted.put(key, properties.get(key));
            }
        }
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            Object value = entry.getValue();
            if (value != null && value.getClass().isArray()) {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < Array.getLength(value); i++) {
                    list.add(Array.get(value, i));
                }
                value = list;
            } else if (value instanceof Collection<?> collection) {
                value = List.copyOf(collection);
            }
            root.set(entry.getKey(), mapper.valueToTree(value));
        }
        return (mapper.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
