package io.shoebox.rest.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.admin.TargetService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /api/v1/storage-types}: the providers installed now, with their fields from Metatype. */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/storage-types", "/storage-types/*"})
@Endpoints({"GET /storage-types", "GET /storage-types/{type}"})
public class StorageTypesResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient TargetService targets;

    @Activate
    public StorageTypesResource(@Reference TargetService targets) {
        this.targets = targets;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var path = segments(request);
        if (path.isEmpty()) {
            writeJson(response, 200, targets.storageTypes().stream().map(Representations::providerType).toList());
        } else if (path.size() == 1) {
            writeJson(response, 200, targets.storageTypes().stream().filter(t -> t.type().equals(path.get(0))).findFirst()
                    .map(Representations::providerType)
                    .orElseThrow(() -> new java.util.NoSuchElementException("no storage type '" + path.get(0) + "' is installed")));
        } else {
            throw notFound(request);
        }
    }
}
