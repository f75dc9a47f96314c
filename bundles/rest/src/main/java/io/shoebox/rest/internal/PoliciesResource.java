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

import io.shoebox.api.policy.PolicyService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /api/v1/policies}: list, create, read, replace, delete and run policies. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/policies", "/policies/*"})
@Endpoints({"GET /policies", "POST /policies", "GET /policies/{name}", "PUT /policies/{name}", "DELETE /policies/{name}",
        "POST /policies/{name}/run"})
public class PoliciesResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient PolicyService policies;

    @Activate
    public PoliciesResource(@Reference PolicyService policies) {
        this.policies = policies;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, policies.list().stream().map(Representations::policy).toList());
        } else {
            writeJson(response, 200, Representations.policy(policies.get(path.get(0)).orElseThrow(() -> missing(path.get(0)))));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() == 2) {
            writeJson(response, 202, policies.runNow(path.get(0)).stream().map(Representations::job).toList());
            return;
        }
        JsonNode body = readJson(request);
        var created = policies.create(text(body, "name"), config(body));
        response.setHeader("Location", ApiPaths.ROOT + "/policies/" + created.name());
        writeJson(response, 201, Representations.policy(created));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = item(request);
        writeJson(response, 200, Representations.policy(policies.update(name, config(readJson(request)))));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        deleteItem(request, response, policies::delete, PoliciesResource::missing);
    }

    private static NoSuchElementException missing(String name) {
        return new NoSuchElementException("no policy named '" + name + "'");
    }
}
