package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.ItemQuery;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/items}: the catalog of backed-up photos and videos. Search ({@link ItemQueries}
 * names the parameters), counts per month taken ({@code /items/timeline}), one item, and its
 * thumbnail as JPEG.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/items", "/items/*"})
@Endpoints({"GET /items", "GET /items/timeline", "GET /items/{id}", "GET /items/{id}/thumbnail"})
public class ItemsResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient CatalogService catalog;

    @Activate
    public ItemsResource(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            ItemQuery query = ItemQueries.parse(request::getParameter);
            ItemPage page = catalog.search(query);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", page.items().stream().map(Representations::item).toList());
            body.put("total", page.total());
            body.put("offset", query.offset());
            body.put("limit", query.limit());
            writeJson(response, 200, body);
        } else if (path.size() == 1 && path.get(0).equals("timeline")) {
            writeJson(response, 200, catalog.timeline(ItemQueries.parse(request::getParameter)).stream()
                    .map(month -> Map.of("year", month.year(), "month", month.month(), "count", month.count())).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, Representations.item(catalog.item(path.get(0))
                    .orElseThrow(() -> new NoSuchElementException("no item " + path.get(0)))));
        } else if (path.size() == 2 && path.get(1).equals("thumbnail")) {
            byte[] jpeg = catalog.thumbnail(path.get(0))
                    .orElseThrow(() -> new NoSuchElementException("item " + path.get(0) + " has no thumbnail"));
            response.setStatus(200);
            response.setContentType("image/jpeg");
            response.setContentLength(jpeg.length);
            // the thumbnail of an item's newest version changes only with a new version: a short cache is safe
            response.setHeader("Cache-Control", "private, max-age=300");
            response.getOutputStream().write(jpeg);
        } else {
            throw notFound(request);
        }
    }
}
