package io.shoebox.rest.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Anything under {@code /api/v1} that no resource answers: a JSON 404, not a container page. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/")
public class FallbackResource extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        error(response, 404, "not found", "no resource at " + request.getRequestURI() + "; see " + ApiPaths.ROOT
                + "/openapi.json", null);
    }
}
