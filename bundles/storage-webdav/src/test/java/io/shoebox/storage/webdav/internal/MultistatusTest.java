package io.shoebox.storage.webdav.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.xml.stream.XMLStreamException;

import org.junit.jupiter.api.Test;

/**
 * PROPFIND answers as servers other than Apache spell them; the answers are copied from what
 * Nextcloud and other servers send, since the test server cannot produce them.
 */
class MultistatusTest {

    private static final URI REQUEST = URI.create("https://cloud.example.com/remote.php/dav/files/anna/Shoebox/");

    @Test
    void quota_properties_of_a_nextcloud_folder_are_read() throws Exception {
        String answer = """
                <?xml version="1.0"?>
                <d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:oc="http://owncloud.org/ns">
                 <d:response>
                  <d:href>/remote.php/dav/files/anna/Shoebox/</d:href>
                  <d:propstat>
                   <d:prop>
                    <d:resourcetype><d:collection/></d:resourcetype>
                    <d:quota-used-bytes>1234567</d:quota-used-bytes>
                    <d:quota-available-bytes>987654321</d:quota-available-bytes>
                   </d:prop>
                   <d:status>HTTP/1.1 200 OK</d:status>
                  </d:propstat>
                 </d:response>
                </d:multistatus>
                """;
        List<Multistatus.Entry> entries = parse(answer);
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.collection()).isTrue();
            assertThat(entry.quotaUsed()).isEqualTo(1_234_567L);
            assertThat(entry.quotaAvailable()).isEqualTo(987_654_321L);
        });
    }

    @Test
    void an_unlimited_quota_reported_as_a_negative_number_counts_as_unknown() throws Exception {
        String answer = """
                <d:multistatus xmlns:d="DAV:"><d:response><d:href>/remote.php/dav/files/anna/Shoebox/</d:href>
                <d:propstat><d:prop><d:quota-used-bytes>10</d:quota-used-bytes>
                <d:quota-available-bytes>-3</d:quota-available-bytes></d:prop>
                <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>
                """;
        assertThat(parse(answer)).singleElement().satisfies(entry -> assertThat(entry.quotaAvailable()).isEqualTo(-1));
    }

    @Test
    void absolute_and_relative_hrefs_in_any_prefix_and_encoding_are_decoded() throws Exception {
        String answer = """
                <multistatus xmlns="DAV:">
                 <response><href>https://cloud.example.com/remote.php/dav/files/anna/Shoebox/data/a%20b</href>
                  <propstat><prop><getcontentlength>5</getcontentlength>
                  <getlastmodified>Tue, 03 Jun 2025 10:15:30 GMT</getlastmodified><resourcetype/></prop>
                  <status>HTTP/1.1 200 OK</status></propstat></response>
                 <response><href>data/caf%C3%A9</href>
                  <propstat><prop><resourcetype><collection/></resourcetype></prop>
                  <status>HTTP/1.1 200 OK</status></propstat></response>
                 <response><href>/remote.php/dav/files/anna/Shoebox/data/plain space+plus</href>
                  <propstat><prop><getcontentlength>1</getcontentlength></prop>
                  <status>HTTP/1.1 200 OK</status></propstat>
                  <propstat><prop><getlastmodified/></prop><status>HTTP/1.1 404 Not Found</status></propstat></response>
                </multistatus>
                """;
        List<Multistatus.Entry> entries = parse(answer);
        assertThat(entries).extracting(Multistatus.Entry::path).containsExactly(
                "/remote.php/dav/files/anna/Shoebox/data/a b",
                "/remote.php/dav/files/anna/Shoebox/data/café",
                "/remote.php/dav/files/anna/Shoebox/data/plain space+plus");
        assertThat(entries.get(0).length()).isEqualTo(5);
        assertThat(entries.get(0).modified()).isEqualTo(Instant.parse("2025-06-03T10:15:30Z"));
        assertThat(entries.get(1).collection()).isTrue();
        assertThat(entries.get(2).modified()).isNull();
    }

    @Test
    void an_answer_with_an_external_entity_is_refused_and_reads_no_file() {
        String answer = """
                <?xml version="1.0"?>
                <!DOCTYPE multistatus [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <multistatus xmlns="DAV:"><response><href>/x/&secret;</href></response></multistatus>
                """;
        assertThatThrownBy(() -> parse(answer)).isInstanceOf(XMLStreamException.class);
    }

    private static List<Multistatus.Entry> parse(String answer) throws XMLStreamException {
        return Multistatus.parse(answer.getBytes(StandardCharsets.UTF_8), REQUEST);
    }
}
