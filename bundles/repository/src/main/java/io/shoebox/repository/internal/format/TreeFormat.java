package io.shoebox.repository.internal.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;
import io.shoebox.repository.RepositoryException;
import io.shoebox.repository.RepositoryException.Reason;
import io.shoebox.repository.Tree;

/**
 * Deterministic JSON of trees: UTF-8, no whitespace, nodes sorted by name, fields in a fixed order,
 * absent values omitted, metadata keys sorted. Equal trees give equal bytes, hence equal blob ids.
 */
public final class TreeFormat {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private TreeFormat() {
    }

    public static byte[] encode(Tree tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + tree.nodes().size() * 200);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("nodes");
            for (Node node : tree.nodes()) {
                json.writeStartObject();
                json.writeStringField("name", node.name());
                json.writeStringField("type", node.isDirectory() ? "dir" : "file");
                json.writeNumberField("size", node.size());
                if (node.mtime() != null) {
                    json.writeStringField("mtime", node.mtime().toString());
                }
                json.writeNumberField("mode", node.mode());
                if (node.fileId() != null) {
                    json.writeStringField("fileId", node.fileId());
                }
                NodeAttributes attributes = node.attributes();
                if (attributes.uid() >= 0) {
                    json.writeNumberField("uid", attributes.uid());
                }
                if (attributes.gid() >= 0) {
                    json.writeNumberField("gid", attributes.gid());
                }
                if (attributes.user() != null) {
                    json.writeStringField("user", attributes.user());
                }
                if (attributes.group() != null) {
                    json.writeStringField("group", attributes.group());
                }
                if (attributes.changed() != null) {
                    json.writeStringField("ctime", attributes.changed().toString());
                }
                if (attributes.created() != null) {
                    json.writeStringField("btime", attributes.created().toString());
                }
                if (!node.isDirectory()) {
                    json.writeArrayFieldStart("content");
                    for (BlobId id : node.content()) {
                        json.writeString(id.hex());
                    }
                    json.writeEndArray();
                }
                if (node.subtree() != null) {
                    json.writeStringField("subtree", node.subtree().hex());
                }
                if (node.thumbnail() != null) {
                    json.writeStringField("thumbnail", node.thumbnail().hex());
                }
                if (!attributes.xattrs().isEmpty()) {
                    json.writeObjectFieldStart("xattrs");
                    for (Map.Entry<String, byte[]> xattr : attributes.xattrs().entrySet()) {
                        json.writeStringField(xattr.getKey(), BASE64.encodeToString(xattr.getValue()));
                    }
                    json.writeEndObject();
                }
                if (!node.metadata().isEmpty()) {
                    json.writeObjectFieldStart("metadata");
                    for (Map.Entry<String, Object> entry : new TreeMap<>(node.metadata()).entrySet()) {
                        json.writeFieldName(entry.getKey());
                        writeScalar(json, entry.getValue());
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeScalar(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                json.writeNumber(number);
            } else {
                json.writeString(Double.toString(number));
            }
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal.doubleValue());
        } else {
            json.writeString(String.valueOf(value));
        }
    }

    public static Tree decode(byte[] bytes, String name) throws RepositoryException {
        try (JsonParser json = JSON.createParser(bytes)) {
            expect(json.nextToken(), JsonToken.START_OBJECT, name);
            List<Node> nodes = new ArrayList<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken token = json.nextToken();
                if (field.equals("nodes")) {
                    expect(token, JsonToken.START_ARRAY, name);
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        nodes.add(readNode(json, name));
                    }
                } else {
                    json.skipChildren();
                }
            }
            return new Tree(nodes);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new RepositoryException(Reason.CORRUPT, "tree " + name + " does not parse: " + e.getMessage(), e);
        }
    }

    private static Node readNode(JsonParser json, String name) throws IOException {
        String nodeName = null;
        String type = null;
        long size = 0;
        Instant mtime = null;
        int mode = 0;
        String fileId = null;
        List<BlobId> content = new ArrayList<>();
        BlobId subtree = null;
        BlobId thumbnail = null;
        Map<String, Object> metadata = new LinkedHashMap<>();
        long uid = -1;
        long gid = -1;
        String user = null;
        String group = null;
        Instant changed = null;
        Instant created = null;
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken token = json.nextToken();
            switch (field) {
                case "name" -> nodeName = json.getText();
                case "type" -> type = json.getText();
                case "size" -> size = json.getLongValue();
                case "mtime" -> mtime = Instant.parse(json.getText());
                case "mode" -> mode = json.getIntValue();
                case "fileId" -> fileId = json.getText();
                case "uid" -> uid = json.getLongValue();
                case "gid" -> gid = json.getLongValue();
                case "user" -> user = json.getText();
                case "group" -> group = json.getText();
                case "ctime" -> changed = Instant.parse(json.getText());
                case "btime" -> created = Instant.parse(json.getText());
                case "xattrs" -> {
                    expect(token, JsonToken.START_OBJECT, name);
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String key = json.currentName();
                        json.nextToken();
                        xattrs.put(key, Base64.getDecoder().decode(json.getText()));
                    }
                }
                case "content" -> {
                    expect(token, JsonToken.START_ARRAY, name);
                    while (json.nextToken() == JsonToken.VALUE_STRING) {
                        content.add(BlobId.parse(json.getText()));
                    }
                }
                case "subtree" -> subtree = BlobId.parse(json.getText());
                case "thumbnail" -> thumbnail = BlobId.parse(json.getText());
                case "metadata" -> {
                    expect(token, JsonToken.START_OBJECT, name);
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String key = json.currentName();
                        JsonToken value = json.nextToken();
                        switch (value) {
                            case VALUE_STRING -> metadata.put(key, json.getText());
                            case VALUE_TRUE, VALUE_FALSE -> metadata.put(key, json.getBooleanValue());
                            case VALUE_NUMBER_INT -> metadata.put(key,
                                    json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                            ? json.getBigIntegerValue() : (Object) json.getLongValue());
                            case VALUE_NUMBER_FLOAT -> metadata.put(key, json.getDoubleValue());
                            default -> json.skipChildren();
                        }
                    }
                }
                default -> json.skipChildren();
            }
        }
        Node.NodeType nodeType;
        if ("file".equals(type)) {
            nodeType = Node.NodeType.FILE;
        } else if ("dir".equals(type)) {
            nodeType = Node.NodeType.DIR;
        } else {
            throw new IOException("node '" + nodeName + "' has unknown type '" + type + "'");
        }
        NodeAttributes attributes = new NodeAttributes(uid, gid, user, group, changed, created, xattrs);
        return new Node(nodeName, nodeType, size, mtime, mode, fileId, content, subtree, thumbnail, metadata,
                attributes.isEmpty() ? NodeAttributes.NONE : attributes);
    }

    private static void expect(JsonToken actual, JsonToken expected, String name) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual + " in " + name);
        }
    }
}
