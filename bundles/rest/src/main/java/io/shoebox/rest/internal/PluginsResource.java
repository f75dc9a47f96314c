package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.admin.PluginService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/plugins}: installed bundles; {@code POST} a bundle jar to install it,
 * {@code DELETE /{id}} to uninstall, {@code POST /{id}/start} and {@code /{id}/stop}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/plugins", "/plugins/*"})
@Endpoints({"GET /plugins", "POST /plugins", "GET /plugins/{id}", "DELETE /plugins/{id}", "POST /plugins/{id}/start", "POST /plugins/{id}/stop"})
public class PluginsResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient PluginService plugins;

    @Activate
    public PluginsResource(@Reference PluginService plugins) {
        this.plugins = plugins;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, plugins.list().stream().map(Representations::plugin).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, Representations.plugin(plugins.get(id(path.get(0))).orElseThrow(() -> missing(path.get(0)))));
        } else {
            throw notFound(request);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            String type = request.getContentType();
            if (type != null && !type.startsWith("application/java-archive") && !type.startsWith("application/octet-stream")
                    && !type.startsWith("application/zip")) {
                throw new ApiException(415, "unsupported media type", "send the bundle jar as application/java-archive");
            }
            var installed = plugins.install(request.getInputStream());
            response.setHeader("Location", ApiPaths.ROOT + "/plugins/" + installed.id());
            writeJson(response, 201, Representations.plugin(installed));
        } else if (path.size() == 2 && path.get(1).equals("start")) {
            writeJson(response, 200, Representations.plugin(plugins.start(existing(path.get(0)))));
        } else if (path.size() == 2 && path.get(1).equals("stop")) {
            writeJson(response, 200, Representations.plugin(plugins.stop(existing(path.get(0)))));
        } else {
            throw methodNotAllowed(request);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        deleteItem(request, response, id -> plugins.uninstall(id(id)), PluginsResource::missing);
    }

    private long existing(String id) {
        long value = id(id);
        plugins.get(value).orElseThrow(() -> missing(id));
        return value;
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no plugin with id '" + text + "'");
        }
    }

    private static NoSuchElementException missing(String id) {
        return new NoSuchElementException("no plugin with id " + id);
    }
}
