package io.shoebox.engine.internal.admin;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.MetaTypeService;

import io.shoebox.api.admin.ProviderTypeInfo;
import io.shoebox.api.admin.SecretCodec;
import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.admin.SourceService;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.source.Source;
import io.shoebox.engine.internal.admin.ProviderConfigurations.Instance;

/** Sources are the factory configurations of source providers, kept like targets. */
@Component(service = {SourceService.class, SourceManager.class})
public class SourceManager implements SourceService {

    private final ProviderConfigurations configurations;
    private final Logger log;
    private final ServicesByName<Source> sources;

    @Activate
    public SourceManager(
            @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType,
            @Reference SecretCodec secrets,
            @Reference(service = LoggerFactory.class) Logger log,
            BundleContext context) {
        this.configurations = new ProviderConfigurations(Source.FACTORY_PID_PREFIX, "source", configAdmin, metaType, secrets,
                context);
        this.log = log;
        this.sources = new ServicesByName<>("Source", log);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(Source source, Map<String, Object> properties) {
        sources.add(sourceName(properties), source);
    }

    void removeSource(Source source, Map<String, Object> properties) {
        sources.remove(sourceName(properties), source);
    }

    private static String sourceName(Map<String, Object> properties) {
        Object name = properties.get(Source.SOURCE_PROPERTY);
        return name == null ? null : name.toString();
    }

    /** The source service of a source, if its provider has it running now. */
    public Optional<Source> source(String name) {
        return sources.get(name);
    }

    @Override
    public List<ProviderTypeInfo> sourceTypes() {
        return configurations.types();
    }

    @Override
    public List<SourceInfo> list() {
        return configurations.list().stream().map(this::info).toList();
    }

    @Override
    public Optional<SourceInfo> get(String name) {
        return configurations.get(name).map(this::info);
    }

    @Override
    public SourceInfo create(String name, String type, Map<String, Object> config) {
        configurations.create(name, type, config, Map.of());
        log.info("Created source {} of type {}", name, type);
        sources.awaitReplaced(name, null);
        return get(name).orElseThrow();
    }

    @Override
    public SourceInfo update(String name, Map<String, Object> config) {
        var configuration = configurations.find(name)
                .orElseThrow(() -> new NoSuchElementException("no source named '" + name + "'"));
        Source before = sources.get(name).orElse(null);
        if (configurations.update(configuration, config, Map.of(), Set.of())) {
            log.info("Updated source {}", name);
            sources.awaitReplaced(name, before);
        }
        return get(name).orElseThrow();
    }

    @Override
    public boolean delete(String name) {
        boolean deleted = configurations.delete(name);
        if (deleted) {
            log.info("Removed source {}; its files and snapshots were left alone", name);
        }
        return deleted;
    }

    private SourceInfo info(Instance instance) {
        boolean available = sources.get(instance.name()).isPresent();
        return new SourceInfo(instance.name(), instance.type(), instance.config(),
                available ? TargetStatus.AVAILABLE : TargetStatus.UNAVAILABLE,
                available ? null : configurations.unavailableReason(instance));
    }
}
