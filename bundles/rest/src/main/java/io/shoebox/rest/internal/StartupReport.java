package io.shoebox.rest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

import io.shoebox.api.admin.PluginInfo;
import io.shoebox.api.admin.PluginKind;
import io.shoebox.api.admin.PluginService;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetService;

/**
 * What an operator needs from a start, in three lines once the framework has started: the version
 * and the address of the console and the REST API, the targets with their state, and the plugins
 * that run; after that, a line for each plugin that starts or stops. The framework's and the
 * libraries' own start-up lines are only written at DEBUG.
 */
@Component(immediate = true)
public class StartupReport implements FrameworkListener, BundleListener {

    private final BundleContext context;
    private final Logger log;
    private final HttpServiceRuntime http;
    private final TargetService targets;
    private final PluginService plugins;
    private final AtomicBoolean reported = new AtomicBoolean();

    @Activate
    public StartupReport(BundleContext context, @Reference(service = LoggerFactory.class) Logger log,
            @Reference HttpServiceRuntime http, @Reference TargetService targets, @Reference PluginService plugins) {
        this.context = context;
        this.log = log;
        this.http = http;
        this.targets = targets;
        this.plugins = plugins;
        context.addFrameworkListener(this);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            reportOnce(); // started after the framework, for example when this bundle was restarted
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String change = switch (event.getType()) {
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            default -> null;
        };
        if (change == null || context.getBundle(0).getState() == Bundle.STOPPING) {
            return; // a server shutting down stops every plugin: that is not news
        }
        plugins.get(event.getBundle().getBundleId())
                .filter(plugin -> plugin.kind() != PluginKind.CORE && plugin.kind() != PluginKind.LIBRARY)
                .ifPresent(plugin -> log.info("Plugin {}: {}", change, describe(plugin)));
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED) {
            reportOnce();
        }
    }

    private void reportOnce() {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        context.removeFrameworkListener(this);
        log.info("Shoebox {} is running: console and REST API at {}", context.getBundle().getVersion(),
                String.join(", ", endpoints()));
        List<TargetInfo> configured = targets.list();
        log.info("Targets: {}", configured.isEmpty() ? "none yet; add one in the console or in config/"
                : configured.stream().map(t -> t.name() + " (" + t.type() + ", " + t.status().name().toLowerCase()
                        + (t.reason() == null ? "" : ": " + t.reason()) + ")").collect(Collectors.joining(", ")));
        log.info("Plugins: {}", plugins.list().stream()
                .filter(p -> p.kind() != PluginKind.CORE && p.kind() != PluginKind.LIBRARY)
                .map(StartupReport::describe).collect(Collectors.joining(", ")));
        context.addBundleListener(this);
    }

    private static String describe(PluginInfo plugin) {
        String name = plugin.name() == null || plugin.name().isBlank() ? plugin.symbolicName() : plugin.name();
        return name + " " + plugin.version() + ("ACTIVE".equals(plugin.state()) ? "" : " (" + plugin.state().toLowerCase() + ")");
    }

    /** The addresses the HTTP runtime says it serves on, as {@code http://host:port/}. */
    private List<String> endpoints() {
        Object endpoint = http.getRuntimeDTO().serviceDTO.properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        List<String> found = new ArrayList<>();
        if (endpoint instanceof String text) {
            found.add(text);
        } else if (endpoint instanceof String[] texts) {
            found.addAll(Arrays.asList(texts));
        } else if (endpoint instanceof Collection<?> texts) {
            texts.forEach(text -> found.add(String.valueOf(text)));
        }
        return found.isEmpty() ? List.of("the configured HTTP port") : found;
    }
}
