package io.shoebox.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.TargetService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/targets}: list, create, read, replace and delete targets, and test their connection
 * ({@code POST /api/v1/targets/{name}/test}). Secrets and the repository password are write-only.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/targets", "/targets/*"})
public class TargetsResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient TargetService targets;

    @Activate
    public TargetsResource(@Reference TargetService targets) {
        this.targets = targets;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, targets.list().stream().map(Representations::target).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, Representations.target(targets.get(path.get(0)).orElseThrow(() -> missing(path.get(0)))));
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
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw methodNotAllowed(request);
        }
        String name = path.get(0);
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
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw methodNotAllowed(request);
        }
        if (!targets.delete(path.get(0))) {
            throw missing(path.get(0));
        }
        response.setStatus(204);
    }

    private Map<String, Object> config(JsonNode body) {
        JsonNode config = body.get("config");
        if (config == null || config.isNull()) {
            return Map.of();
        }
        if (!config.isObject()) {
            throw new InvalidConfigurationException("config", "field 'config' must be a JSON object");
        }
        config.fields().forEachRemaining(field -> {
            if (field.getValue().isContainerNode()) {
                throw new InvalidConfigurationException("config." + field.getKey(),
                        "field '" + field.getKey() + "' must be a string, number or boolean");
            }
        });
        return mapper.convertValue(config, new TypeReference<Map<String, Object>>() { });
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("no target named '" + name + "'");
    }
}
