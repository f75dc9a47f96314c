package io.shoebox.repository.internal.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.Snapshot;

/** JSON of small objects: snapshots and helpers for config, keys and locks. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(byte[] bytes, String name) throws RepositoryException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new RepositoryException(Reason.CORRUPT, "object " + name + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RepositoryException(Reason.CORRUPT, "object " + name + " does not parse: " + e.getMessage(), e);
        }
    }

    public static String text(JsonNode node, String field, String name) throws RepositoryException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new RepositoryException(Reason.CORRUPT, "object " + name + " lacks the text field '" + field + "'");
        }
        return value.asText();
    }

    public static long number(JsonNode node, String field, String name) throws RepositoryException {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new RepositoryException(Reason.CORRUPT, "object " + name + " lacks the number field '" + field + "'");
        }
        return value.asLong();
    }

    // ---------------------------------------------------------------- snapshots

    public static byte[] encodeSnapshot(Snapshot snapshot) {
        ObjectNode json = object();
        json.put("version", 1);
        json.put("time", snapshot.time().toString());
        json.put("hostname", snapshot.hostname());
        json.put("source", snapshot.source());
        json.put("sourcePath", snapshot.sourcePath());
        json.put("tree", snapshot.tree().hex());
        if (snapshot.parent() != null) {
            json.put("parent", snapshot.parent());
        }
        json.put("checkpoint", snapshot.checkpoint());
        json.putArray("tags").addAll(snapshot.tags().stream().map(json::textNode).toList());
        ObjectNode stats = json.putObject("stats");
        new TreeMap<>(snapshot.stats()).forEach(stats::put);
        if (snapshot.copyOf() != null) {
            ObjectNode copyOf = json.putObject("copyOf");
            copyOf.put("repository", snapshot.copyOf().repository());
            copyOf.put("snapshot", snapshot.copyOf().snapshot());
        }
        if (snapshot.repaired() != null) {
            ObjectNode repaired = json.putObject("repaired");
            repaired.put("snapshot", snapshot.repaired().snapshot());
            repaired.put("time", snapshot.repaired().time().toString());
            repaired.put("filesLost", snapshot.repaired().filesLost());
        }
        return bytes(json);
    }

    public static Snapshot decodeSnapshot(byte[] bytes, String name) throws RepositoryException {
        JsonNode json = parse(bytes, name);
        long version = json.path("version").asLong(1);
        if (version != 1) {
            throw new RepositoryException(Reason.UNSUPPORTED_VERSION,
                    "snapshot " + name + " has version " + version + ", which this version does not know");
        }
        try {
            List<String> tags = new ArrayList<>();
            json.path("tags").forEach(tag -> tags.add(tag.asText()));
            Map<String, Long> stats = new TreeMap<>();
            json.path("stats").fields().forEachRemaining(entry -> stats.put(entry.getKey(), entry.getValue().asLong()));
            JsonNode parent = json.get("parent");
            JsonNode copyOf = json.get("copyOf");
            JsonNode repaired = json.get("repaired");
            return new Snapshot(Instant.parse(text(json, "time", name)), json.path("hostname").asText(null),
                    json.path("source").asText(null), json.path("sourcePath").asText(null),
                    BlobId.parse(text(json, "tree", name)), parent == null || parent.isNull() ? null : parent.asText(),
                    json.path("checkpoint").asBoolean(false), tags, stats,
                    copyOf == null || copyOf.isNull() ? null
                            : new Snapshot.CopyOf(text(copyOf, "repository", name), text(copyOf, "snapshot", name)),
                    repaired == null || repaired.isNull() ? null
                            : new Snapshot.Repaired(text(repaired, "snapshot", name),
                                    Instant.parse(text(repaired, "time", name)), number(repaired, "filesLost", name)));
        } catch (RuntimeException e) {
            throw new RepositoryException(Reason.CORRUPT, "snapshot " + name + " does not parse: " + e.getMessage(), e);
        }
    }
}
