package io.shoebox.api.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Targets: storage providers' factory configurations. Changes go through Configuration Admin,
 * so they reach the provider bundles and the {@code config/} folder alike.
 */
@ProviderType
public interface TargetService {

    /**
     * Configuration property holding a target's repository password, sealed. The leading dot
     * keeps it out of service properties.
     */
    String REPOSITORY_PASSWORD_PROPERTY = ".repository.password";

    /** Storage types whose provider is installed now. */
    List<ProviderTypeInfo> storageTypes();

    /** Every configured target, including those whose provider is missing. */
    List<TargetInfo> list();

    Optional<TargetInfo> get(String name);

    /**
     * Creates a target.
     *
     * @param repositoryPassword password of the repository on the target, or {@code null}; kept
     *     encrypted and never returned
     * @throws InvalidConfigurationException naming the bad field
     * @throws IllegalStateException when a target of that name exists
     */
    TargetInfo create(String name, String type, Map<String, Object> config, String repositoryPassword);

    /**
     * Replaces a target's settings. Secret fields left out keep their value.
     *
     * @throws InvalidConfigurationException naming the bad field
     * @throws java.util.NoSuchElementException when there is no such target
     */
    TargetInfo update(String name, Map<String, Object> config, String repositoryPassword);

    /** Removes a target's configuration; the data it holds is left alone. */
    boolean delete(String name);

    /**
     * Checks that a target can be reached and written with its settings.
     *
     * @return empty when it can, otherwise the problem in an operator's words
     */
    Optional<String> testConnection(String name);
}
