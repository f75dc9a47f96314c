package io.shoebox.api.admin;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/**
 * The server's data directory ({@code SHOEBOX_HOME}), which {@code bin/shoebox} passes as the framework
 * property {@value #PROPERTY}, and paths of settings that are relative to it. The one place bundles
 * learn where it is.
 */
public final class ShoeboxHome {

    /** Framework property holding the data directory. */
    public static final String PROPERTY = "shoebox.home";
    /** The data directory when the property is not set (a framework started by hand, a test): {@code data/}. */
    static final String DEFAULT = "data";

    private ShoeboxHome() {
    }

    /** The data directory of the framework the bundle runs in, absolute. */
    public static Path of(BundleContext context) {
        return of(context.getProperty(PROPERTY));
    }

    /** The data directory named by a property value, absolute; {@code null} means {@code data/}. */
    public static Path of(String property) {
        return Path.of(property == null || property.isBlank() ? DEFAULT : property).toAbsolutePath().normalize();
    }

    /**
     * A path from a setting: absolute as it is, relative inside the data directory {@code home}.
     *
     * @throws IllegalArgumentException when the setting is empty
     */
    public static Path resolve(String configured, String home) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        Path path = Path.of(configured.strip());
        return (path.isAbsolute() ? path : of(home).resolve(path)).toAbsolutePath().normalize();
    }

    /** A path from a setting, relative ones inside the data directory of the bundle's framework. */
    public static Path resolve(String configured, BundleContext context) {
        return resolve(configured, context.getProperty(PROPERTY));
    }
}
