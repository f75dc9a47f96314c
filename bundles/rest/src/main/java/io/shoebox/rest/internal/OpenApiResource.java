package io.shoebox.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 description of this API. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/openapi.json")
@Endpoints({"GET /openapi.json"})
public class OpenApiResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final String DOCUMENT = "openapi.json";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            response.setContentType(JSON);
            response.setCharacterEncoding("UTF-8");
            in.transferTo(response.getOutputStream());
        }
    }
}
