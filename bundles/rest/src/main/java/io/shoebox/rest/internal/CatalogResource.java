package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.catalog.CatalogStatus;
import io.shoebox.api.catalog.DuplicatesReport;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/catalog}: the catalog's state, its rebuild from the repositories
 * ({@code POST /catalog/rebuild}, answered when done) and the duplicates report
 * ({@code /catalog/duplicates?target=}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/catalog", "/catalog/*"})
@Endpoints({"GET /catalog", "POST /catalog/rebuild", "GET /catalog/duplicates"})
public class CatalogResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient CatalogService catalog;

    @Activate
    public CatalogResource(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, status(catalog.status()));
        } else if (path.equals(List.of("duplicates"))) {
            writeJson(response, 200, duplicates(catalog.duplicates(request.getParameter("target"))));
        } else {
            throw notFound(request);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).equals(List.of("rebuild"))) {
            throw notFound(request);
        }
        long started = System.nanoTime();
        CatalogStatus status = catalog.rebuild();
        Map<String, Object> body = status(status);
        body.put("rebuildMillis", (System.nanoTime() - started) / 1_000_000);
        writeJson(response, 200, body);
    }

    private static Map<String, Object> status(CatalogStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("items", status.items());
        json.put("snapshots", status.snapshots());
        json.put("rebuilding", status.rebuilding());
        json.put("lastRebuild", status.lastRebuild() == null ? null : status.lastRebuild().toString());
        json.put("unreadTargets", new java.util.TreeMap<>(status.unreadTargets()));
        return json;
    }

    private static Map<String, Object> duplicates(DuplicatesReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", report.target());
        json.put("duplicateFiles", report.duplicateFiles());
        json.put("savedBytes", report.savedBytes());
        json.put("groups", report.groups().stream()
                .map(group -> Map.of("size", group.size(), "copies", group.copies())).toList());
        return json;
    }
}
