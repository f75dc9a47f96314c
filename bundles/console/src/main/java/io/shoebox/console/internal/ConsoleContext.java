package io.shoebox.console.internal;

import java.net.URL;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

/**
 * The console's own servlet context at {@code /}, beside the REST API's at {@code /api/v1}. A servlet
 * container would find Vaadin's static files under {@code META-INF/resources/} of the jars in
 * {@code WEB-INF/lib} and know their MIME types; the whiteboard's default context does neither, so this
 * one looks into the embedded jars through the bundle class loader and names the types itself
 * (a JavaScript module sent without a type is refused by the browser and the page never starts).
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = ConsoleContext.NAME, path = "/")
public class ConsoleContext extends ServletContextHelper {

    static final String NAME = "shoebox.console";
    static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    private static final Map<String, String> MIME_TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("css", "text/css"),
            Map.entry("html", "text/html"), Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("jpg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("txt", "text/plain"), Map.entry("webmanifest", "application/manifest+json"));

    private final Bundle bundle;
    private final ClassLoader classLoader;

    @Activate
    public ConsoleContext(BundleContext context) {
        super(context.getBundle());
        this.bundle = context.getBundle();
        this.classLoader = bundle.adapt(BundleWiring.class).getClassLoader();
    }

    @Override
    public String getMimeType(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : MIME_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public URL getResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        if (path.isEmpty() || path.contains("..")) {
            return null;
        }
        URL entry = bundle.getEntry(path);
        if (entry != null && !path.endsWith("/")) {
            return entry;
        }
        // Static resources of the embedded jars, as a container serves them from WEB-INF/lib/*.jar.
        return classLoader.getResource("META-INF/resources/" + path);
    }
}
