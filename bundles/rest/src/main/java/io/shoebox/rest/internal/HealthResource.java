package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.admin.HealthService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/health}: UP once the engine can run jobs and every resource of the API is
 * being served, so a client that sees UP can use the whole API at once. The only call without
 * authentication.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern(ApiPaths.HEALTH)
@Endpoints({"GET /health"})
public class HealthResource extends ApiServlet {

    private static final long serialVersionUID = 1L;

    /** The resources a client may use as soon as the server says UP. */
    static final List<String> RESOURCES = List.of("/plugins/*", "/storage-types/*", "/source-types", "/targets/*",
            "/sources/*", "/policies/*", "/jobs/*", "/tokens/*", "/openapi.json");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HealthService health;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HttpServiceRuntime runtime;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthService engine = health;
        Map<String, String> checks = new LinkedHashMap<>();
        if (engine == null) {
            checks.put("engine", "starting");
        } else {
            checks.putAll(engine.checks());
        }
        Set<String> missing = missingResources();
        checks.put("api", missing.isEmpty() ? "OK" : "not yet serving " + missing);
        boolean up = engine != null && engine.isUp() && missing.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        writeJson(response, up ? 200 : 503, body);
    }

    private Set<String> missingResources() {
        Set<String> missing = new TreeSet<>(RESOURCES);
        HttpServiceRuntime current = runtime;
        if (current == null) {
            return missing;
        }
        for (ServletContextDTO context : current.getRuntimeDTO().servletContextDTOs) {
            if (ApiPaths.CONTEXT_NAME.equals(context.name)) {
                for (ServletDTO servlet : context.servletDTOs) {
                    for (String pattern : servlet.patterns) {
                        missing.remove(pattern);
                    }
                }
            }
        }
        return missing;
    }
}
