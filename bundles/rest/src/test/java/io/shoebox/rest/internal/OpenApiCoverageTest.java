package io.shoebox.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAPI document and the API are the same thing: every endpoint a resource serves (its
 * {@link Endpoints}, which the resource enforces) is documented, and the document describes no
 * endpoint that does not exist.
 */
class OpenApiCoverageTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void the_openapi_document_covers_exactly_the_endpoints_that_exist() throws Exception {
        Set<String> served = served();
        Set<String> documented = documented();
        assertThat(served).as("endpoints served by the resources").isNotEmpty();
        assertThat(documented).as("documented endpoints that no resource serves").isSubsetOf(served);
        assertThat(served).as("served endpoints missing from openapi.json").isSubsetOf(documented);
    }

    @Test
    void every_api_servlet_declares_its_endpoints() throws Exception {
        for (Class<?> resource : resources()) {
            if (resource != FallbackResource.class) {
                assertThat(resource.getAnnotation(Endpoints.class)).as(resource.getSimpleName() + " declares @Endpoints")
                        .isNotNull();
            }
        }
    }

    @Test
    void declared_paths_match_requests_with_any_parameter_value_but_nothing_longer() {
        var endpoints = ApiServlet.endpointsOf(PoliciesResource.class);
        assertThat(endpoints).anySatisfy(e -> assertThat(e.getValue().matcher("/policies/nightly/run").matches()).isTrue());
        assertThat(endpoints).noneSatisfy(e -> assertThat(e.getValue().matcher("/policies/nightly/run/again").matches()).isTrue());
        assertThat(endpoints).noneSatisfy(e -> assertThat(e.getValue().matcher("/policies/").matches()).isTrue());
    }

    private static Set<String> served() throws Exception {
        Set<String> served = new TreeSet<>();
        for (Class<?> resource : resources()) {
            Endpoints endpoints = resource.getAnnotation(Endpoints.class);
            if (endpoints != null) {
                for (String endpoint : endpoints.value()) {
                    served.add(normalized(endpoint));
                }
            }
        }
        return served;
    }

    private static Set<String> documented() throws IOException {
        Set<String> documented = new TreeSet<>();
        try (InputStream in = ApiServlet.class.getResourceAsStream("openapi.json")) {
            JsonNode paths = new ObjectMapper().readTree(in).get("paths");
            for (Iterator<String> names = paths.fieldNames(); names.hasNext();) {
                String path = names.next();
                for (Iterator<String> keys = paths.get(path).fieldNames(); keys.hasNext();) {
                    String key = keys.next();
                    if (HTTP_METHODS.contains(key)) {
                        documented.add(normalized(key.toUpperCase(java.util.Locale.ROOT) + " " + path));
                    }
                }
            }
        }
        return documented;
    }

    /** Parameter names may differ between the two; their places may not. */
    private static String normalized(String endpoint) {
        return endpoint.replaceAll("\\{[^/}]+}", "{}");
    }

    /** Every servlet class of the bundle, found among the compiled classes. */
    private static Set<Class<?>> resources() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(ApiServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(ApiServlet.class.getPackageName().replace('.', '/'));
        Set<Class<?>> resources = new java.util.HashSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(ApiServlet.class.getPackageName() + "." + name);
                if (ApiServlet.class.isAssignableFrom(type) && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                    resources.add(type);
                }
            }
        }
        return resources;
    }
}
