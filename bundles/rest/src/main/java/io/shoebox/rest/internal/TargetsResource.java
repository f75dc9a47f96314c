package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.snapshot.SnapshotService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/targets}: list, create, read, replace and delete targets, and test their connection
 * ({@code POST /api/v1/targets/{name}/test}). Secrets and the repository password are write-only.
 * {@code GET /api/v1/targets/{name}/locks} lists who holds the target's repository.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/targets", "/targets/*"})
@Endpoints({"GET /targets", "POST /targets", "GET /targets/{name}", "PUT /targets/{name}", "DELETE /targets/{name}", "POST /targets/{name}/test", "GET /targets/{name}/snapshots", "GET /targets/{name}/snapshots/{id}/files", "GET /targets/{name}/snapshots/{id}/content", "GET /targets/{name}/repository", "GET /targets/{name}/locks"})
public class TargetsResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient TargetService targets;
    private final transient SnapshotService snapshots;

    @Activate
    public TargetsResource(@Reference TargetService targets, @Reference SnapshotService snapshots) {
        this.targets = targets;
        this.snapshots = snapshots;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, targets.list().stream().map(Representations::target).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, Representations.target(targets.get(path.get(0)).orElseThrow(() -> missing(path.get(0)))));
        } else if (path.size() == 2 && path.get(1).equals("locks")) {
            targets.get(path.get(0)).orElseThrow(() -> missing(path.get(0)));
            writeJson(response, 200, snapshots.locks(path.get(0)).stream().map(Representations::lock).toList());
        } else if (path.size() == 2 && path.get(1).equals("repository")) {
            targets.get(path.get(0)).orElseThrow(() -> missing(path.get(0)));
            var info = snapshots.repository(path.get(0));
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("id", info.id());
            body.put("snapshots", info.snapshots());
            body.put("blobs", info.blobs());
            body.put("packs", info.packs());
            body.put("storedBytes", info.storedBytes());
            body.put("indexBytes", info.indexMemoryBytes());
            body.put("indexBytesPerBlob", info.blobs() == 0 ? 0 : (double) info.indexMemoryBytes() / info.blobs());
            writeJson(response, 200, body);
        } else if (path.get(1).equals("snapshots")) {
            targets.get(path.get(0)).orElseThrow(() -> missing(path.get(0)));
            getSnapshots(request, response, path);
        } else {
            throw notFound(request);
        }
    }

    /**
     * {@code /targets/{name}/snapshots}, {@code .../snapshots/{id}/files?path=} (a folder's entries)
     * and {@code .../snapshots/{id}/content?path=} (a file's bytes, as a download).
     */
    private void getSnapshots(HttpServletRequest request, HttpServletResponse response, List<String> path) throws IOException {
        String target = path.get(0);
        if (path.size() == 2) {
            writeJson(response, 200, snapshots.list(target).stream().map(Representations::snapshot).toList());
        } else if (path.size() == 4 && path.get(3).equals("files")) {
            writeJson(response, 200, snapshots.listFolder(target, path.get(2), request.getParameter("path")).stream()
                    .map(Representations::entry).toList());
        } else if (path.size() == 4 && path.get(3).equals("content")) {
            String file = request.getParameter("path");
            if (file == null || file.isBlank()) {
                throw new InvalidConfigurationException("path", "give the file's path with ?path=");
            }
            int slash = file.lastIndexOf('/');
            String folder = slash < 0 ? "" : file.substring(0, slash);
            String name = file.substring(slash + 1);
            // Found first, so a missing file gets a JSON 404 before any byte is sent.
            var entry = snapshots.listFolder(target, path.get(2), folder).stream()
                    .filter(e -> !e.directory() && e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no file " + file + " in snapshot " + path.get(2)));
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(entry.size());
            response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                    + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
            snapshots.readFile(target, path.get(2), file, response.getOutputStream());
        } else {
            throw notFound(request);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            JsonNode body = readJson(request);
            String name = text(body, "name");
            var created = targets.create(name, text(body, "type"), config(body), text(body, "password"));
            response.setHeader("Location", ApiPaths.ROOT + "/targets/" + created.name());
            writeJson(response, 201, Representations.target(created));
        } else if (path.size() == 2 && path.get(1).equals("test")) {
            var problem = targets.testConnection(path.get(0));
            writeJson(response, 200, problem.<Map<String, Object>>map(p -> Map.of("ok", false, "problem", p))
                    .orElse(Map.of("ok", true)));
        } else {
            throw methodNotAllowed(request);
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = item(request);
        JsonNode body = readJson(request);
        var existing = targets.get(name).orElseThrow(() -> missing(name));
        String type = text(body, "type");
        if (type != null && !type.equals(existing.type())) {
            throw new InvalidConfigurationException("type", "the type of a target cannot change; create a new target instead");
        }
        String newName = text(body, "name");
        if (newName != null && !newName.equals(name)) {
            throw new InvalidConfigurationException("name", "a target cannot be renamed");
        }
        writeJson(response, 200, Representations.target(targets.update(name, config(body), text(body, "password"))));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        deleteItem(request, response, targets::delete, TargetsResource::missing);
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("no target named '" + name + "'");
    }
}
