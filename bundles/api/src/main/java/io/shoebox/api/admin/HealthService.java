package io.shoebox.api.admin;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Whether the server can do its work. */
@ProviderType
public interface HealthService {

    /** {@code true} once every service needed to run jobs is present. */
    boolean isUp();

    /** Each check by name, with {@code OK} or the problem. */
    Map<String, String> checks();
}
