package io.shoebox.console.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.vaadin.flow.di.LookupInitializer;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedHttpSession;
import com.vaadin.flow.server.startup.ErrorNavigationTargetInitializer;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;

import io.shoebox.api.admin.AccountService;
import io.shoebox.api.admin.HealthService;
import io.shoebox.api.admin.PluginService;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetService;
import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.job.JobEvents;
import io.shoebox.api.job.JobService;
import io.shoebox.api.policy.PolicyService;
import io.shoebox.api.snapshot.CoverageService;
import io.shoebox.api.snapshot.SnapshotEvents;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.ConsoleShell;
import io.shoebox.console.internal.ui.Routes;
import io.shoebox.console.internal.ui.shell.SignIn;

/**
 * The console: Vaadin's servlet on the Jakarta Servlet Whiteboard, in the console's own context at
 * {@code /}. No servlet container scans this bundle, so {@link #init} runs by hand the Vaadin
 * initializers a container would run. When the bundle stops or is updated, {@link #deactivate} signs
 * every browser out (their sessions hold objects of this bundle's class loader) and stops the threads
 * the console started; the whiteboard then destroys the servlet, which stops Vaadin's own.
 */
@Component(service = Servlet.class, configurationPid = ConsoleConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
            "servlet.init.productionMode=true",
            // The HTTP session ends after the configured idle time even while a page sends heartbeats.
            "servlet.init.closeIdleSessions=true",
            "servlet.init.pushLongPollingSuspendTimeout=20000"
        })
@Designate(ocd = ConsoleConfiguration.class)
@HttpWhiteboardContextSelect(ConsoleContext.SELECT)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletAsyncSupported
public class ConsoleServlet extends VaadinServlet {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final transient BundleContext context;
    private final transient ClassLoader bundleClassLoader;
    private final transient Logger log;
    private final transient ServerEvents events = new ServerEvents();
    private final transient ServiceRegistration<EventHandler> serverEvents;
    private final transient Set<VaadinSession> sessions = ConcurrentHashMap.newKeySet();

    /*
     * Optional and dynamic: the catalog is a plugin that can be installed and uninstalled while the console
     * runs, and the console must neither restart nor refuse to start for it. Views read these fields each
     * time through the Shoebox record's suppliers.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CatalogService catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CoverageService coverage;

    @Activate
    public ConsoleServlet(
            @Reference TargetService targets,
            @Reference SourceService sources,
            @Reference JobService jobs,
            @Reference SnapshotService snapshots,
            @Reference PluginService plugins,
            @Reference PolicyService policies,
            @Reference AccountService accounts,
            @Reference HealthService health,
            @Reference(service = LoggerFactory.class) Logger log,
            BundleContext context,
            ConsoleConfiguration configuration) throws InvalidSyntaxException {
        this.context = context;
        this.log = log;
        this.bundleClassLoader = context.getBundle().adapt(BundleWiring.class).getClassLoader();
        this.shoebox = new Shoebox(targets, sources, jobs, snapshots, plugins, policies, accounts, health,
                () -> catalog, () -> coverage, events,
                Duration.ofMinutes(Math.max(1, configuration.sessionTimeoutMinutes())));
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {JobEvents.TOPIC_PREFIX + "*", SnapshotEvents.TOPIC_CHANGED});
        this.serverEvents = context.registerService(EventHandler.class, events, topics);
        context.addBundleListener(events);
        // Providers, and the catalog and coverage services, whose coming and going the views show.
        context.addServiceListener(events, "(|(objectClass=io.shoebox.api.storage.Storage)(objectClass=io.shoebox.api.source.Source)"
                + "(objectClass=" + CatalogService.class.getName() + ")(objectClass=" + CoverageService.class.getName() + "))");
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        try {
            initWithBundleClassLoader(config);
        } catch (IOException e) {
            throw new ServletException(e);
        }
        log.info("Web console served at /");
    }

    private void initWithBundleClassLoader(ServletConfig config) throws ServletException, IOException {
        withBundleClassLoader(() -> {
            var servletContext = config.getServletContext();
            // What a servlet container would do through Vaadin's ServletContainerInitializers. The lookup
            // initializer does nothing unless LookupInitializer itself is in the set.
            new LookupServletContainerInitializer().process(Set.of(LookupInitializer.class), servletContext);
            new RouteRegistryInitializer().process(Routes.ALL, servletContext);
            new ErrorNavigationTargetInitializer().process(Set.of(), servletContext);
            new VaadinAppShellInitializer().process(Set.of(ConsoleShell.class), servletContext);
            super.init(config);
            return null;
        });
    }

    @Override
    protected void servletInitialized() throws ServletException {
        super.servletInitialized();
        int timeoutSeconds = (int) shoebox.sessionTimeout().toSeconds();
        getService().addSessionInitListener(event -> {
            sessions.add(event.getSession());
            if (event.getSession().getSession() instanceof WrappedHttpSession wrapped) {
                wrapped.getHttpSession().setMaxInactiveInterval(timeoutSeconds);
            }
        });
        getService().addSessionDestroyListener(event -> sessions.remove(event.getSession()));
        getService().addUIInitListener(event -> event.getUI().addBeforeEnterListener(new SignIn.Guard()));
    }

    @Override
    protected VaadinServletService createServletService(DeploymentConfiguration configuration) throws ServiceException {
        ConsoleService service = new ConsoleService(this, configuration, shoebox);
        service.init();
        return service;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        withBundleClassLoader(() -> {
            super.service(request, response);
            return null;
        });
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(events);
        context.removeServiceListener(events);
        try {
            serverEvents.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        events.close();
        // Sessions hold UIs made by this bundle's class loader: after an update the new console could not
        // use them (ClassCastException) and they would keep the old class loader alive. Browsers sign in again.
        for (VaadinSession session : sessions) {
            try {
                HttpSession http = session.getSession() instanceof WrappedHttpSession wrapped ? wrapped.getHttpSession() : null;
                if (http != null) {
                    http.invalidate();
                }
            } catch (IllegalStateException e) {
                // already invalidated
            }
        }
        sessions.clear();
        log.info("Web console stopped");
    }

    private interface Work {
        Object run() throws ServletException, IOException;
    }

    /** Vaadin and Atmosphere find their own classes and services through the thread's context class loader. */
    private void withBundleClassLoader(Work work) throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleClassLoader);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
