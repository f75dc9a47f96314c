package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/jobs}: start backups, restores, checks and prunes ({@code POST}, answered 202),
 * follow them ({@code GET /{id}}), list them ({@code ?policy=&state=}) and cancel them
 * ({@code DELETE /{id}}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/jobs", "/jobs/*"})
@Endpoints({"GET /jobs", "POST /jobs", "GET /jobs/{id}", "DELETE /jobs/{id}"})
public class JobsResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient JobService jobs;

    @Activate
    public JobsResource(@Reference JobService jobs) {
        this.jobs = jobs;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            JobState state = null;
            String stateParameter = request.getParameter("state");
            if (stateParameter != null && !stateParameter.isBlank()) {
                try {
                    state = JobState.valueOf(stateParameter.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException("state", "state must be one of " + List.of(JobState.values()));
                }
            }
            String policy = request.getParameter("policy");
            writeJson(response, 200, jobs.list(policy == null || policy.isBlank() ? null : policy, state).stream()
                    .map(Representations::job).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, Representations.job(jobs.get(path.get(0)).orElseThrow(() -> missing(path.get(0)))));
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
        var job = jobs.submit(new JobRequest(text(body, "type"), text(body, "policy"), text(body, "source"),
                text(body, "target"), text(body, "snapshot"), strings(body, "include"), text(body, "destination"),
                options(body)));
        response.setHeader("Location", ApiPaths.ROOT + "/jobs/" + job.id());
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("id", job.id());
        accepted.put("state", job.state().name());
        writeJson(response, 202, accepted);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = item(request);
        boolean cancelled = jobs.cancel(id);
        var job = jobs.get(id).orElseThrow(() -> missing(id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.put("state", job.state().name());
        body.put("cancelled", cancelled);
        writeJson(response, 200, body);
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        if (!value.isArray()) {
            throw new InvalidConfigurationException(field, "field '" + field + "' must be a list of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidConfigurationException(field, "field '" + field + "' must be a list of strings");
            }
            items.add(item.textValue());
        }
        return items;
    }

    /** Job options: the {@code options} object, plus retention given at the top level as in a policy. */
    private Map<String, Object> options(JsonNode body) {
        Map<String, Object> options = new LinkedHashMap<>();
        JsonNode given = body.get("options");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new InvalidConfigurationException("options", "field 'options' must be a JSON object");
            }
            options.putAll(mapper.convertValue(given, new TypeReference<Map<String, Object>>() { }));
        }
        JsonNode retention = body.get("retention");
        if (retention != null && retention.isObject()) {
            options.putAll(mapper.convertValue(retention, new TypeReference<Map<String, Object>>() { }));
        }
        return options;
    }

    private static NoSuchElementException missing(String id) {
        return new NoSuchElementException("no job with id " + id);
    }
}
