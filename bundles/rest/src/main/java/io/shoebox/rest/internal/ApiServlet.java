package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.shoebox.api.admin.InvalidConfigurationException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Base of every API resource: JSON in and out, and one place where exceptions become JSON
 * errors with a fitting status, never a stack trace.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String JSON = "application/json";
    static final long MAX_JSON_BYTES = 1024 * 1024;

    // No module discovery: it searches the thread context class loader, which under OSGi may see another
    // bundle's (or the launcher's) Jackson modules, built against another databind. Times are written as text.
    final transient ObjectMapper mapper = new ObjectMapper()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** This resource's endpoints as method and path pattern, from its {@link Endpoints}. */
    private final transient List<Map.Entry<String, java.util.regex.Pattern>> endpoints = endpointsOf(getClass());

    static List<Map.Entry<String, java.util.regex.Pattern>> endpointsOf(Class<?> resource) {
        Endpoints declared = resource.getAnnotation(Endpoints.class);
        if (declared == null) {
            return List.of();
        }
        List<Map.Entry<String, java.util.regex.Pattern>> result = new java.util.ArrayList<>();
        for (String endpoint : declared.value()) {
            int space = endpoint.indexOf(' ');
            String path = endpoint.substring(space + 1).replaceAll("\\{[^/}]+}", "[^/]+");
            result.add(Map.entry(endpoint.substring(0, space), java.util.regex.Pattern.compile(path)));
        }
        return result;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            checkDeclared(request);
            super.service(request, response);
        } catch (ApiException e) {
            error(response, e.status, e.getMessage(), e.detail, e.field);
        } catch (InvalidConfigurationException e) {
            error(response, 400, "invalid request", e.getMessage(), e.field());
        } catch (NoSuchElementException e) {
            error(response, 404, "not found", e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            error(response, 400, "invalid request", e.getMessage(), null);
        } catch (IllegalStateException e) {
            error(response, 409, "conflict", e.getMessage(), null);
        } catch (java.io.IOException e) {
            // The engine could not reach a target or open its repository: worth retrying later.
            error(response, 503, "unavailable", e.getMessage(), null);
        } catch (RuntimeException | jakarta.servlet.ServletException e) {
            log("request " + request.getMethod() + " " + request.getRequestURI() + " failed", e);
            error(response, 500, "internal error", "the server could not complete the request; see the server log", null);
        }
    }

    /** Refuses what the resource does not declare: 404 for an unknown path, 405 for a wrong method. */
    private void checkDeclared(HttpServletRequest request) {
        if (endpoints.isEmpty()) {
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        boolean pathKnown = false;
        for (Map.Entry<String, java.util.regex.Pattern> endpoint : endpoints) {
            if (endpoint.getValue().matcher(path).matches()) {
                if (endpoint.getKey().equals(method)) {
                    return;
                }
                pathKnown = true;
            }
        }
        throw pathKnown ? methodNotAllowed(request) : notFound(request);
    }

    /** The path segments after the servlet's own path: {@code /targets/disk/test} gives [disk, test]. */
    static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return List.of();
        }
        return List.of(info.substring(1).split("/", -1));
    }

    /** The one path segment of a request on a single item ({@code /targets/disk}); 405 for any other shape. */
    static String item(HttpServletRequest request) {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw methodNotAllowed(request);
        }
        return path.get(0);
    }

    /** Answers a {@code DELETE} of one item: 204 when {@code delete} removed it, 404 when there was none. */
    static void deleteItem(HttpServletRequest request, HttpServletResponse response, Predicate<String> delete,
            Function<String, ? extends RuntimeException> missing) {
        String item = item(request);
        if (!delete.test(item)) {
            throw missing.apply(item);
        }
        response.setStatus(204);
    }

    JsonNode readJson(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type != null && !type.toLowerCase().startsWith(JSON)) {
            throw new ApiException(415, "unsupported media type", "send the body as " + JSON);
        }
        if (request.getContentLengthLong() > MAX_JSON_BYTES) {
            throw new ApiException(413, "request too large", "JSON bodies are limited to " + MAX_JSON_BYTES + " bytes");
        }
        try {
            JsonNode node = mapper.readTree(request.getInputStream());
            if (node == null || !node.isObject()) {
                throw new ApiException(400, "invalid request", "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid JSON", e.getOriginalMessage());
        }
    }

    void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType(JSON);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        mapper.writeValue(response.getOutputStream(), body);
    }

    void error(HttpServletResponse response, int status, String error, String detail, String field) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        writeJson(response, status, body);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidConfigurationException(field, "field '" + field + "' must be a string");
        }
        return value.textValue();
    }

    /** The {@code config} object of a target or source request: scalar settings by field id. */
    Map<String, Object> config(JsonNode body) {
        JsonNode config = body.get("config");
        if (config == null || config.isNull()) {
            return Map.of();
        }
        if (!config.isObject()) {
            throw new InvalidConfigurationException("config", "field 'config' must be a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        config.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                List<String> items = new java.util.ArrayList<>();
                value.forEach(item -> {
                    if (item.isContainerNode()) {
                        throw new InvalidConfigurationException("config." + field.getKey(),
                                "field '" + field.getKey() + "' must hold strings, numbers or booleans");
                    }
                    items.add(item.asText());
                });
                values.put(field.getKey(), items);
            } else if (value.isObject()) {
                throw new InvalidConfigurationException("config." + field.getKey(),
                        "field '" + field.getKey() + "' must be a string, number, boolean or a list of them");
            } else if (!value.isNull()) {
                values.put(field.getKey(), mapper.convertValue(value, Object.class));
            }
        });
        return values;
    }

    /** An error the client can act on. */
    static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String detail;
        final String field;

        ApiException(int status, String error, String detail) {
            this(status, error, detail, null);
        }

        ApiException(int status, String error, String detail, String field) {
            super(error);
            this.status = status;
            this.detail = detail;
            this.field = field;
        }
    }

    static ApiException methodNotAllowed(HttpServletRequest request) {
        return new ApiException(405, "method not allowed", request.getMethod() + " is not supported on " + request.getRequestURI());
    }

    static ApiException notFound(HttpServletRequest request) {
        return new ApiException(404, "not found", "no resource at " + request.getRequestURI());
    }
}
