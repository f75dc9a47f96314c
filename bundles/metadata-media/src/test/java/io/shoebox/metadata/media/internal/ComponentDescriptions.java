package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.shoebox.api.metadata.MetadataExtractor;

/**
 * The component descriptions bnd generates from the annotations ({@code OSGI-INF/<name>.xml} on the
 * class path): their multi-valued string properties, and the extractors by file extension as the engine
 * chooses them.
 */
final class ComponentDescriptions {

    private ComponentDescriptions() {
    }

    /** The values of the string property {@code name} of component {@code component}, or {@code null}. */
    static List<String> property(String component, String name) {
        return properties(component).get(name);
    }

    /** The properties of a component, each as its list of values. */
    static Map<String, List<String>> properties(String component) {
        String resource = "/OSGI-INF/" + component + ".xml";
        Map<String, List<String>> properties = new TreeMap<>();
        try (InputStream in = ComponentDescriptions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (bnd writes it before the tests)");
            }
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("property");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                String text = e.hasAttribute("value") ? e.getAttribute("value") : e.getTextContent();
                properties.put(e.getAttribute("name"), Arrays.stream(text.split("\n")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /**
     * The extractor for each extension the given components claim, made from their implementation
     * classes (named like the components): what the engine hands each file to.
     */
    static Map<String, MetadataExtractor> extractorsByExtension(String... components) {
        Map<String, MetadataExtractor> byExtension = new TreeMap<>();
        for (String component : components) {
            MetadataExtractor extractor;
            try {
                extractor = (MetadataExtractor) Class.forName(component).getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make " + component, e);
            }
            for (String extension : property(component, MetadataExtractor.EXTENSIONS_PROPERTY)) {
                byExtension.putIfAbsent(extension.toLowerCase(Locale.ROOT), extractor);
            }
        }
        return byExtension;
    }
}
