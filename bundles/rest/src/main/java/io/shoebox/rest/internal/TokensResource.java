package io.shoebox.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.shoebox.api.admin.AccountService;
import io.shoebox.api.admin.AccountService.TokenInfo;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/v1/tokens}: bearer tokens for scripts. A token's value appears once, in the answer
 * to the {@code POST} that issues it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiPaths.CONTEXT_SELECT)
@HttpWhiteboardServletPattern({"/tokens", "/tokens/*"})
@Endpoints({"GET /tokens", "POST /tokens", "DELETE /tokens/{id}"})
public class TokensResource extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private final transient AccountService accounts;

    @Activate
    public TokensResource(@Reference AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).isEmpty()) {
            throw notFound(request);
        }
        writeJson(response, 200, accounts.tokens().stream().map(TokensResource::token).toList());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).isEmpty()) {
            throw methodNotAllowed(request);
        }
        var issued = accounts.issueToken(text(readJson(request), "name"));
        Map<String, Object> body = token(issued.info());
        body.put("token", issued.value());
        writeJson(response, 201, body);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        deleteItem(request, response, accounts::revokeToken, id -> new NoSuchElementException("no token with id " + id));
    }

    private static Map<String, Object> token(TokenInfo info) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", info.id());
        json.put("name", info.name());
        json.put("createdAt", info.createdAt().toString());
        return json;
    }
}
