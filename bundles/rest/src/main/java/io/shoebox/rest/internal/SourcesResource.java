package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.snapshot.CoverageService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/sources}: list, create, read, replace and delete sources, and
 * {@code /sources/{name}/coverage}: which of its files each target's newest snapshot holds.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/sources", "/sources/*"})
@Endpoints({"GET /sources", "POST /sources", "GET /sources/{name}", "PUT /sources/{name}", "DELETE /sources/{name}", "GET /sources/{name}/coverage"})
public class SourcesResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient SourceService sources;
    private final transient CoverageService coverage;

    @Activate
    public SourcesResource(@Reference SourceService sources, @Reference CoverageService coverage) {
        this.sources = sources;
        this.coverage = coverage;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, sources.list().stream().map(Representations::source).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, Representations.source(sources.get(path.get(0)).orElseThrow(() -> missing(path.get(0)))));
        } else if (path.size() == 2 && path.get(1).equals("coverage")) {
            sources.get(path.get(0)).orElseThrow(() -> missing(path.get(0)));
            writeJson(response, 200, Representations.coverage(coverage.coverage(path.get(0))));
        } else {
            throw notFound(request);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).isEmpty()) {
            throw methodNotAllowed(request);
        }
        JsonNode body = readJson(request);
        var created = sources.create(text(body, "name"), text(body, "type"), config(body));
        response.setHeader("Location", ApiPaths.ROOT + "/sources/" + created.name());
        writeJson(response, 201, Representations.source(created));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = item(request);
        JsonNode body = readJson(request);
        var existing = sources.get(name).orElseThrow(() -> missing(name));
        String type = text(body, "type");
        if (type != null && !type.equals(existing.type())) {
            throw new InvalidConfigurationException("type", "the type of a source cannot change; create a new source instead");
        }
        writeJson(response, 200, Representations.source(sources.update(name, config(body))));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        deleteItem(request, response, sources::delete, SourcesResource::missing);
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("no source named '" + name + "'");
    }
}
