package io.shoebox.api.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Sources: factory configurations of source providers, kept like targets. */
@ProviderType
public interface SourceService {

    /** Source types whose provider is installed now. */
    List<ProviderTypeInfo> sourceTypes();

    List<SourceInfo> list();

    Optional<SourceInfo> get(String name);

    /**
     * @throws InvalidConfigurationException naming the bad field
     * @throws IllegalStateException when a source of that name exists
     */
    SourceInfo create(String name, String type, Map<String, Object> config);

    /**
     * @throws InvalidConfigurationException naming the bad field
     * @throws java.util.NoSuchElementException when there is no such source
     */
    SourceInfo update(String name, Map<String, Object> config);

    /** Removes a source's configuration; its files and its snapshots are left alone. */
    boolean delete(String name);
}
