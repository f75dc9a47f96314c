package io.shoebox.engine.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.PromiseFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.PluginInfo;
import io.shoebox.api.admin.PluginKind;
import io.shoebox.api.admin.PluginService;
import io.shoebox.engine.internal.concurrent.Waits;

/**
 * Plugins are bundles. Installed plugins are kept as jars in the {@code deploy/} folder, which
 * FileInstall watches, so a plugin installed through the API survives a restart just like one
 * dropped into the folder by hand, and removing the jar removes the plugin.
 */
@Component(service = PluginService.class)
public class PluginManager implements PluginService {

    /** Framework property naming the plugin folder. */
    static final String DEPLOY_DIR_PROPERTY = "shoebox.deploy.dir";
    private static final long MAX_JAR_BYTES = 512L * 1024 * 1024;
    private static final long INSTALL_TIMEOUT_MILLIS = 20_000;
    /**
     * How long FileInstall gets to start a bundle it installed before the server starts it itself.
     * FileInstall does so right after its refresh, within milliseconds; a bundle it could not start
     * (one whose imports nothing exports) stays installed, and is refused once this has passed.
     */
    private static final long FILEINSTALL_START_MILLIS = 5_000;

    private final BundleContext context;
    private final Logger log;
    private final Path deployFolder;

    @Activate
    public PluginManager(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) throws IOException {
        this.context = context;
        this.log = log;
        String dir = context.getProperty(DEPLOY_DIR_PROPERTY);
        this.deployFolder = Path.of(dir == null ? "deploy" : dir).toAbsolutePath().normalize();
    }

    @Override
    public List<PluginInfo> list() {
        List<PluginInfo> plugins = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            plugins.add(describe(bundle));
        }
        return plugins;
    }

    @Override
    public Optional<PluginInfo> get(long id) {
        return Optional.ofNullable(context.getBundle(id)).map(this::describe);
    }

    @Override
    public PluginInfo install(InputStream jar) {
        Path upload = null;
        try {
            Files.createDirectories(deployFolder);
            // A dot-name without .jar is ignored by FileInstall until it is complete and renamed.
            upload = Files.createTempFile(deployFolder, ".upload-", ".part");
            copyLimited(jar, upload);
            Manifest manifest = manifestOf(upload);
            String symbolicName = symbolicNameOf(manifest);
            Version version = Version.parseVersion(manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION));
            Path file = deployFolder.resolve(symbolicName + ".jar");
            for (Bundle existing : context.getBundles()) {
                if (symbolicName.equals(existing.getSymbolicName()) && !isInDeployFolder(existing)) {
                    refuseCore(existing);
                    log.info("Replacing {} {} by the uploaded {}", symbolicName, existing.getVersion(), version);
                    existing.uninstall();
                }
            }
            Files.move(upload, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            upload = null;
            Bundle bundle = awaitInstalled(file, version);
            // FileInstall refreshes and starts the bundle it installed. Resolving or starting it here
            // meanwhile would race that (Felix then refuses FileInstall's resolve, and nobody starts
            // the bundle), so the server only steps in for a bundle FileInstall did not start: it
            // starts it itself, which either works or says why the bundle cannot start.
            if (!awaitActive(bundle, FILEINSTALL_START_MILLIS)) {
                refuseUnstartable(bundle, file, symbolicName);
            }
            log.info("Installed plugin {} {}", symbolicName, version);
            return describe(bundle);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the plugin in " + deployFolder + ": " + e.getMessage(), e);
        } catch (BundleException e) {
            throw new IllegalStateException("cannot replace the installed bundle: " + e.getMessage(), e);
        } finally {
            if (upload != null) {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException e) {
                    log.warn("Cannot remove the partial upload {}", upload);
                }
            }
        }
    }

    private static void copyLimited(InputStream in, Path file) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > MAX_JAR_BYTES) {
                    throw new InvalidConfigurationException("body", "the plugin is larger than " + MAX_JAR_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static Manifest manifestOf(Path jar) {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            if (manifest == null) {
                throw new InvalidConfigurationException("body", "not a bundle: the upload is not a jar with a manifest");
            }
            return manifest;
        } catch (IOException e) {
            throw new InvalidConfigurationException("body", "not a bundle: the upload is not a readable jar");
        }
    }

    private static String symbolicNameOf(Manifest manifest) {
        String header = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (header == null || header.isBlank() || !"2".equals(manifest.getMainAttributes().getValue(Constants.BUNDLE_MANIFESTVERSION))) {
            throw new InvalidConfigurationException("body", "not a bundle: the jar's manifest has no Bundle-SymbolicName"
                    + " and Bundle-ManifestVersion 2");
        }
        String name = header.split(";")[0].trim();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidConfigurationException("body", "not a bundle: invalid Bundle-SymbolicName '" + name + "'");
        }
        return name;
    }

    /** Starts the bundle to learn why it cannot start, removes it, and refuses the upload with that reason. */
    private void refuseUnstartable(Bundle bundle, Path file, String symbolicName) throws IOException {
        try {
            bundle.start();
            if (bundle.getState() == Bundle.ACTIVE) {
                return;
            }
        } catch (BundleException | IllegalStateException e) {
            Files.deleteIfExists(file);
            uninstallQuietly(bundle);
            throw new InvalidConfigurationException("body", "bundle " + symbolicName + " cannot start: " + e.getMessage());
        }
    }

    /** Waits for the bundle to become active, at most {@code timeoutMillis}. */
    private boolean awaitActive(Bundle bundle, long timeoutMillis) {
        return awaitBundle(candidate -> candidate.getBundleId() == bundle.getBundleId()
                && candidate.getState() == Bundle.ACTIVE, timeoutMillis).isPresent();
    }

    /** Waits for FileInstall to pick up the jar; it polls the folder about once a second. */
    private Bundle awaitInstalled(Path file, Version version) {
        return awaitBundle(bundle -> file.equals(fileOf(bundle)) && bundle.getVersion().equals(version),
                INSTALL_TIMEOUT_MILLIS).orElseThrow(() -> new IllegalStateException("the plugin was stored in " + file
                        + " but the server did not install it within " + INSTALL_TIMEOUT_MILLIS / 1000 + " s; is"
                        + " FileInstall running and watching that folder?"));
    }

    /**
     * The first bundle that is or becomes what {@code wanted} asks for, within {@code timeoutMillis}.
     * A bundle listener resolves the wait on the bundle event that makes it so; the bundles present
     * are looked at once the listener is in place, so an event just before that is not missed.
     */
    Optional<Bundle> awaitBundle(Predicate<Bundle> wanted, long timeoutMillis) {
        Deferred<Bundle> found = new PromiseFactory(PromiseFactory.inlineExecutor()).deferred();
        AtomicBoolean resolved = new AtomicBoolean();
        Consumer<Bundle> look = bundle -> {
            if (wanted.test(bundle) && resolved.compareAndSet(false, true)) {
                found.resolve(bundle);
            }
        };
        BundleListener listener = event -> look.accept(event.getBundle());
        context.addBundleListener(listener);
        try {
            for (Bundle bundle : context.getBundles()) {
                look.accept(bundle);
            }
            return Waits.await(found.getPromise(), timeoutMillis);
        } finally {
            context.removeBundleListener(listener);
        }
    }

    @Override
    public boolean uninstall(long id) {
        Bundle bundle = context.getBundle(id);
        if (bundle == null) {
            return false;
        }
        refuseCore(bundle);
        try {
            Path file = fileOf(bundle);
            if (file != null && isInDeployFolder(bundle)) {
                Files.deleteIfExists(file);
            }
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
            context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(null);
            log.info("Uninstalled plugin {} {}", bundle.getSymbolicName(), bundle.getVersion());
            return true;
        } catch (IOException | BundleException e) {
            throw new IllegalStateException("cannot uninstall " + bundle.getSymbolicName() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            return true; // uninstalled concurrently, by FileInstall noticing the deleted jar
        }
    }

    @Override
    public PluginInfo start(long id) {
        Bundle bundle = existing(id);
        try {
            bundle.start();
        } catch (BundleException e) {
            throw new InvalidConfigurationException("id", bundle.getSymbolicName() + " cannot start: " + e.getMessage());
        }
        return describe(bundle);
    }

    @Override
    public PluginInfo stop(long id) {
        Bundle bundle = existing(id);
        refuseCore(bundle);
        try {
            bundle.stop();
        } catch (BundleException e) {
            throw new IllegalStateException(bundle.getSymbolicName() + " cannot stop: " + e.getMessage(), e);
        }
        return describe(bundle);
    }

    private Bundle existing(long id) {
        Bundle bundle = context.getBundle(id);
        if (bundle == null) {
            throw new NoSuchElementException("no plugin with id " + id);
        }
        return bundle;
    }

    /** Only plugins may be removed or stopped: the core and its libraries keep the server manageable. */
    private void refuseCore(Bundle bundle) {
        PluginKind kind = kindOf(bundle);
        if ((kind == PluginKind.CORE || kind == PluginKind.LIBRARY) && !isInDeployFolder(bundle)) {
            throw new IllegalArgumentException(bundle.getSymbolicName() + " is part of the server (" + kind.name().toLowerCase()
                    + ") and cannot be removed or stopped while it runs");
        }
    }

    private void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            log.warn("Cannot uninstall {}: {}", bundle.getSymbolicName(), e.getMessage());
        }
    }

    PluginInfo describe(Bundle bundle) {
        String name = bundle.getHeaders("").get(Constants.BUNDLE_NAME);
        return new PluginInfo(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                name == null ? bundle.getSymbolicName() : name, stateName(bundle.getState()), kindOf(bundle),
                bundle.getLocation());
    }

    static PluginKind kindOf(Bundle bundle) {
        String declared = bundle.getHeaders("").get(PluginKind.HEADER);
        if (declared != null) {
            try {
                return PluginKind.valueOf(declared.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return PluginKind.LIBRARY;
            }
        }
        String name = bundle.getSymbolicName();
        if (bundle.getBundleId() == 0 || (name != null && name.startsWith("org.apache.felix."))) {
            return PluginKind.CORE;
        }
        return PluginKind.LIBRARY;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private boolean isInDeployFolder(Bundle bundle) {
        Path file = fileOf(bundle);
        return file != null && file.startsWith(deployFolder);
    }

    /** The file a bundle was installed from, when its location is a file URL. */
    private static Path fileOf(Bundle bundle) {
        String location = bundle.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(java.net.URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }
}
