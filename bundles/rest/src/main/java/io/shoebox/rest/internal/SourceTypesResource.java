package io.shoebox.rest.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.admin.SourceService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/v1/source-types}: the source providers installed now, with their fields. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern("/source-types")
@Endpoints({"GET /source-types"})
public class SourceTypesResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient SourceService sources;

    @Activate
    public SourceTypesResource(@Reference SourceService sources) {
        this.sources = sources;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        writeJson(response, 200, sources.sourceTypes().stream().map(Representations::providerType).toList());
    }
}
