package io.shoebox.repository.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;
import io.shoebox.repository.Tree;

/** Trees as the format spec (§7) writes them: deterministic JSON that keeps every attribute and name byte. */
class TreeFormatTest {

    private static final Instant MODIFIED = Instant.parse("2023-12-24T18:30:15.123456789Z");
    private static final BlobId BLOB = BlobId.of(new byte[32]);

    @Test
    void ownership_times_and_extended_attributes_survive_a_round_trip() throws Exception {
        NodeAttributes attributes = new NodeAttributes(501, 20, "anna", "staff", Instant.parse("2024-01-02T03:04:05Z"),
                Instant.parse("2023-12-24T18:30:00Z"), Map.of("com.apple.FinderInfo", new byte[] {0, 1, 2, (byte) 255},
                        "xdg.origin.url", "https://example.org".getBytes(StandardCharsets.UTF_8)));
        Node file = new Node("IMG_0001.HEIC", Node.NodeType.FILE, 4, MODIFIED, 0640, "42", List.of(BLOB), null, null,
                Map.of("mediaType", "image/heic"), attributes);
        Node folder = Node.directory("Trip", MODIFIED, 02750, BLOB, new NodeAttributes(0, 0, "root", "root", null, null,
                Map.of()));

        Tree decoded = TreeFormat.decode(TreeFormat.encode(new Tree(List.of(file, folder))), "test");

        assertThat(decoded.nodes()).containsExactly(file, folder);
        assertThat(decoded.nodes().get(0).attributes().xattrs().get("com.apple.FinderInfo"))
                .containsExactly(0, 1, 2, 255);
    }

    @Test
    void fields_come_in_the_order_of_the_spec_and_unknown_attributes_are_left_out() {
        NodeAttributes attributes = new NodeAttributes(1000, 1000, "anna", "anna", MODIFIED, null,
                Map.of("b", new byte[] {2}, "a", new byte[] {1}));
        Node file = new Node("a.jpg", Node.NodeType.FILE, 1, MODIFIED, 0644, "7", List.of(BLOB), null, null, Map.of(),
                attributes);

        String json = new String(TreeFormat.encode(new Tree(List.of(file))), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"nodes\":[{\"name\":\"a.jpg\",\"type\":\"file\",\"size\":1,"
                + "\"mtime\":\"2023-12-24T18:30:15.123456789Z\",\"mode\":420,\"fileId\":\"7\",\"uid\":1000,\"gid\":1000,"
                + "\"user\":\"anna\",\"group\":\"anna\",\"ctime\":\"2023-12-24T18:30:15.123456789Z\",\"content\":[\""
                + BLOB.hex() + "\"],\"xattrs\":{\"a\":\"AQ==\",\"b\":\"Ag==\"}}]}");
        assertThat(new String(TreeFormat.encode(new Tree(List.of(Node.file("b", 0, null, 0, null, List.of(), Map.of())))),
                StandardCharsets.UTF_8)).isEqualTo("{\"nodes\":[{\"name\":\"b\",\"type\":\"file\",\"size\":0,\"mode\":0,"
                        + "\"content\":[]}]}");
    }

    @Test
    void a_name_that_is_not_utf8_is_written_as_escaped_code_units_and_read_back_exactly() throws Exception {
        String latin1 = "caf" + (char) 0xDCE9 + ".jpg"; // the byte E9 of "café" in Latin-1
        Node file = Node.file(latin1, 0, MODIFIED, 0644, null, List.of(), Map.of());

        byte[] encoded = TreeFormat.encode(new Tree(List.of(file)));

        assertThat(new String(encoded, StandardCharsets.US_ASCII)).contains("\"name\":\"caf\\uDCE9.jpg\"");
        assertThat(TreeFormat.decode(encoded, "test").nodes().get(0).name()).isEqualTo(latin1);
    }
}
