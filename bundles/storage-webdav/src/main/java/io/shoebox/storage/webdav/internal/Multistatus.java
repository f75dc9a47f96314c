package io.shoebox.storage.webdav.internal;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A PROPFIND answer (RFC 4918 {@code multistatus}), reduced to what storage needs: one entry per
 * resource with the properties the server reported with a 2xx status.
 */
final class Multistatus {

    private static final String DAV = "DAV:";

    /** The PROPFIND body that asks for the properties {@link Entry} holds. */
    static final String PROPFIND_OBJECTS = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/><d:getlastmodified/>\
            </d:prop></d:propfind>""";

    /** The PROPFIND body asking for the RFC 4331 quota of a collection. */
    static final String PROPFIND_QUOTA = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:quota-used-bytes/><d:quota-available-bytes/>\
            </d:prop></d:propfind>""";

    /**
     * One resource.
     *
     * @param path its decoded path on the server, as the href said it
     * @param collection whether it is a collection (folder)
     * @param length its size, or -1 when not reported
     * @param modified last modification, or {@code null} when not reported
     * @param quotaUsed RFC 4331 used bytes, or -1
     * @param quotaAvailable RFC 4331 available bytes, or -1 (also when the server says "unlimited")
     */
    record Entry(String path, boolean collection, long length, Instant modified, long quotaUsed,
            long quotaAvailable) {
    }

    private static final XMLInputFactory FACTORY = safeFactory();

    private Multistatus() {
    }

    /** A namespace-aware factory of the JDK that never reads a DTD or an external entity. */
    private static XMLInputFactory safeFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    private static void trySet(XMLInputFactory factory, String property, Object value) {
        try {
            factory.setProperty(property, value);
        } catch (IllegalArgumentException e) {
            // Not every StAX implementation knows every property; DTDs are off anyway.
        }
    }

    /**
     * Parses a multistatus body.
     *
     * @param body the response body
     * @param requestUri the URI the PROPFIND went to, against which relative hrefs are resolved
     */
    static List<Entry> parse(byte[] body, URI requestUri) throws XMLStreamException {
        List<Entry> entries = new ArrayList<>();
        XMLStreamReader xml;
        synchronized (FACTORY) {
            xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
        }
        try {
            EntryBuilder entry = null;
            Props props = null;
            StringBuilder text = new StringBuilder();
            int collectionDepth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    text.setLength(0);
                    if (!DAV.equals(xml.getNamespaceURI())) {
                        continue;
                    }
                    switch (xml.getLocalName()) {
                        case "response" -> entry = new EntryBuilder();
                        case "propstat" -> props = new Props();
                        case "resourcetype" -> collectionDepth = 1;
                        case "collection" -> {
                            if (props != null && collectionDepth > 0) {
                                props.collection = true;
                            }
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT && DAV.equals(xml.getNamespaceURI())) {
                    String value = text.toString().strip();
                    text.setLength(0);
                    switch (xml.getLocalName()) {
                        case "href" -> {
                            if (entry != null && entry.href == null) {
                                entry.href = value;
                            }
                        }
                        case "resourcetype" -> collectionDepth = 0;
                        case "getcontentlength" -> {
                            if (props != null) {
                                props.length = parseLong(value);
                            }
                        }
                        case "getlastmodified" -> {
                            if (props != null) {
                                props.modified = parseHttpDate(value);
                            }
                        }
                        case "quota-used-bytes" -> {
                            if (props != null) {
                                props.quotaUsed = parseLong(value);
                            }
                        }
                        case "quota-available-bytes" -> {
                            if (props != null) {
                                props.quotaAvailable = parseLong(value);
                            }
                        }
                        case "status" -> {
                            if (props != null) {
                                props.ok = isSuccess(value);
                            } else if (entry != null) {
                                entry.missing = !isSuccess(value);
                            }
                        }
                        case "propstat" -> {
                            if (entry != null && props != null && props.ok) {
                                entry.merge(props);
                            }
                            props = null;
                        }
                        case "response" -> {
                            if (entry != null && entry.href != null && !entry.missing) {
                                entries.add(entry.build(requestUri));
                            }
                            entry = null;
                        }
                        default -> {
                        }
                    }
                }
            }
        } finally {
            xml.close();
        }
        return entries;
    }

    /** {@code HTTP/1.1 200 OK} and the like. */
    private static boolean isSuccess(String statusLine) {
        String[] parts = statusLine.split("\\s+");
        return parts.length >= 2 && parts[1].startsWith("2");
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Instant parseHttpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Turns an href (absolute URL, absolute path or relative path, encoded or not) into a decoded path. */
    static String decodeHref(String href, URI requestUri) {
        URI resolved;
        try {
            resolved = requestUri.resolve(new URI(DavPaths.encodeLoosely(href)));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return DavPaths.decode(href);
        }
        String raw = resolved.getRawPath();
        return DavPaths.decode(raw == null ? "" : raw);
    }

    private static final class Props {
        boolean ok;
        boolean collection;
        long length = -1;
        Instant modified;
        long quotaUsed = -1;
        long quotaAvailable = -1;
    }

    private static final class EntryBuilder {
        String href;
        boolean missing;
        boolean collection;
        long length = -1;
        Instant modified;
        long quotaUsed = -1;
        long quotaAvailable = -1;

        void merge(Props props) {
            collection |= props.collection;
            length = props.length >= 0 ? props.length : length;
            modified = props.modified != null ? props.modified : modified;
            quotaUsed = props.quotaUsed >= 0 ? props.quotaUsed : quotaUsed;
            quotaAvailable = props.quotaAvailable >= 0 ? props.quotaAvailable : quotaAvailable;
        }

        Entry build(URI requestUri) {
            return new Entry(decodeHref(href, requestUri), collection, length, modified, quotaUsed, quotaAvailable);
        }
    }
}
