package io.shoebox.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.context.ServletContextHelper;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContext;

import io.shoebox.api.admin.AccountService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The API's servlet context: admits requests with the admin's HTTP Basic credentials or a bearer
 * token, and {@code /health} without either. Repeated failures from one address are slowed down
 * with {@code 429} answers, so a password cannot be guessed at network speed.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE)
@HttpWhiteboardContext(name = ApiPaths.CONTEXT_NAME, path = ApiPaths.ROOT)
public class ApiSecurityContext extends ServletContextHelper {

    static final String USER_ATTRIBUTE = "shoebox.user";
    private static final int FAILURES_BEFORE_THROTTLE = 10;
    private static final long THROTTLE_MILLIS = 60_000;

    private final AccountService accounts;
    private final Logger log;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    @Activate
    public ApiSecurityContext(@Reference AccountService accounts, @Reference(service = LoggerFactory.class) Logger log) {
        this.accounts = accounts;
        this.log = log;
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(ApiPaths.HEALTH)) {
            return true;
        }
        String address = request.getRemoteAddr();
        Failures recent = failures.get(address);
        if (recent != null && recent.throttled()) {
            reject(response, 429, "too many failed attempts", "wait a minute before trying again");
            return false;
        }
        String user = authenticate(request.getHeader("Authorization"));
        if (user == null) {
            failures.computeIfAbsent(address, a -> new Failures()).record();
            if (request.getHeader("Authorization") != null) {
                log.warn("Failed API authentication from {}", address);
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"Shoebox\", charset=\"UTF-8\"");
            reject(response, 401, "unauthorized", "authenticate as admin with HTTP Basic, or send Authorization: Bearer <token>");
            return false;
        }
        failures.remove(address);
        request.setAttribute(USER_ATTRIBUTE, user);
        return true;
    }

    /** The authenticated user, or {@code null}. */
    String authenticate(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return accounts.verifyToken(authorization.substring(7).trim()).map(token -> "token:" + token.name()).orElse(null);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String user = decoded.substring(0, colon);
            return accounts.verifyPassword(user, decoded.substring(colon + 1)) ? user : null;
        }
        return null;
    }

    private static void reject(HttpServletResponse response, int status, String error, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\"}");
    }

    /** Failed attempts from one address within the throttle window. */
    private static final class Failures {
        private int count;
        private long since = System.currentTimeMillis();

        synchronized void record() {
            long now = System.currentTimeMillis();
            if (now - since > THROTTLE_MILLIS) {
                count = 0;
                since = now;
            }
            count++;
        }

        synchronized boolean throttled() {
            return count >= FAILURES_BEFORE_THROTTLE && System.currentTimeMillis() - since <= THROTTLE_MILLIS;
        }
    }
}
