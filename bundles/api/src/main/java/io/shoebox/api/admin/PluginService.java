package io.shoebox.api.admin;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Bundles installed in the running server, and installing or removing them without a restart. */
@ProviderType
public interface PluginService {

    List<PluginInfo> list();

    Optional<PluginInfo> get(long id);

    /**
     * Installs and starts a bundle jar, replacing an installed one of the same symbolic name.
     *
     * @throws InvalidConfigurationException when the content is not a bundle or cannot start; the
     *     server is left as it was
     */
    PluginInfo install(InputStream jar);

    /**
     * Uninstalls a bundle.
     *
     * @throws IllegalArgumentException when the bundle is part of the server's core and removing it
     *     would stop the server from being managed
     */
    boolean uninstall(long id);

    /** Starts a stopped bundle. */
    PluginInfo start(long id);

    /** Stops a bundle, keeping it installed. */
    PluginInfo stop(long id);
}
