package io.shoebox.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;

import io.shoebox.console.internal.services.Shoebox;

/**
 * Vaadin's servlet service, adjusted to life in a bundle.
 * <ul>
 * <li>Flow 24.9 on Jetty 12 checks that a static resource exists with {@code Path.of(url.toURI())},
 * which throws for OSGi {@code bundle:} URLs (HTTP 500 on {@code /VAADIN/static/push/vaadinPush-min.js}).
 * Here the check opens the resource instead, which works for any URL.</li>
 * <li>Views are created by {@link ConsoleInstantiator}, which hands them the server's services.</li>
 * </ul>
 */
final class ConsoleService extends VaadinServletService {

    private static final long serialVersionUID = 1L;
    private final transient Shoebox shoebox;

    ConsoleService(VaadinServlet servlet, DeploymentConfiguration configuration, Shoebox shoebox) {
        super(servlet, configuration);
        this.shoebox = shoebox;
    }

    @Override
    public URL getStaticResource(String path) {
        try {
            URL url = getServlet().getServletContext().getResource(path);
            if (url == null) {
                return null;
            }
            try (InputStream in = url.openStream()) {
                return url;
            }
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected Instantiator createInstantiator() throws ServiceException {
        return new ConsoleInstantiator(this, shoebox);
    }
}
