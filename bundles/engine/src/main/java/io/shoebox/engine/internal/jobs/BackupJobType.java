package io.shoebox.engine.internal.jobs;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobRequest;
import io.shoebox.api.policy.SelectionRule;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.engine.internal.admin.SourceManager;
import io.shoebox.engine.internal.media.MediaAnalyzer;
import io.shoebox.engine.internal.media.MediaServices;
import io.shoebox.engine.internal.repo.TargetRepositories;
import io.shoebox.engine.internal.values.ConfigValues;

/**
 * {@code backup}: takes a snapshot of a source on a target. Options: {@code checkpointSeconds};
 * {@code tags} for the snapshot; {@code selectionRules} naming {@link SelectionRule} services, each
 * given the options as its settings ({@code include}, {@code exclude}, {@code mediaTypes},
 * {@code minSize}, {@code maxSize} for the standard rule, which applies when any of these is set);
 * {@code uploadLimitKiBps} to cap the upload rate.
 */
@Component(service = JobType.class)
@JobTypeName("backup")
public class BackupJobType implements JobType {

    /** The settings of the standard selection rule: when any is given, that rule applies by default. */
    public static final Set<String> STANDARD_SELECTION_KEYS = Set.of("include", "exclude", "mediaTypes",
            "minSize", "maxSize");

    /** Default seconds between checkpoint snapshots of a long backup. */
    static final long CHECKPOINT_SECONDS = 600;

    private final SourceManager sources;
    /** The extractors and thumbnailers present when a backup starts are the ones it uses. */
    private final MediaServices media;
    private final TargetRepositories repositories;
    private final Logger log;
    private final Map<String, SelectionRule> rules = new ConcurrentHashMap<>();

    @Activate
    public BackupJobType(@Reference SourceManager sources, @Reference TargetRepositories repositories,
            @Reference MediaServices media, @Reference(service = LoggerFactory.class) Logger log) {
        this.media = media;
        this.sources = sources;
        this.repositories = repositories;
        this.log = log;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(SelectionRule rule, Map<String, Object> properties) {
        rules.put(String.valueOf(properties.get(SelectionRule.RULE_PROPERTY)), rule);
    }

    void removeRule(SelectionRule rule, Map<String, Object> properties) {
        rules.remove(String.valueOf(properties.get(SelectionRule.RULE_PROPERTY)), rule);
    }

    @Override
    public JobRunner prepare(JobRequest request) {
        String source = RequestFields.required(request.source(), "source", "backup");
        String target = RequestFields.required(request.target(), "target", "backup");
        sources.get(source).orElseThrow(() -> new NoSuchElementException("no source named '" + source + "'"));
        long checkpointSeconds = RequestFields.option(request, "checkpointSeconds", CHECKPOINT_SECONDS);
        long uploadLimit = RequestFields.option(request, "uploadLimitKiBps", 0) * 1024;
        Predicate<SourceEntry> selection = selection(request.options());
        List<String> tags = ConfigValues.strings(request.options().get("tags"));
        return context -> {
            var sourceService = sources.source(source).orElseThrow(() -> new java.io.IOException("source " + source
                    + " is unavailable: " + sources.get(source).map(s -> s.reason()).orElse("it was removed")));
            String sourcePath = String.valueOf(sources.get(source).map(s -> s.config().get("path")).orElse(""));
            var repository = repositories.open(target);
            try (var limit = repositories.limitUploads(target, uploadLimit)) {
                var analyzer = new MediaAnalyzer(media.readers(), java.time.ZoneId.systemDefault());
                return new Backup(repository, sourceService, source, sourcePath, request.policy(), tags, selection,
                        analyzer, checkpointSeconds, context, log).run();
            }
        };
    }

    /** All named selection rules must accept a file; unknown names and bad settings fail the request. */
    private Predicate<SourceEntry> selection(Map<String, Object> settings) {
        List<String> names = ConfigValues.strings(settings.get("selectionRules"));
        if (names.isEmpty() && STANDARD_SELECTION_KEYS.stream().anyMatch(settings::containsKey)) {
            names = List.of("standard");
        }
        Predicate<SourceEntry> selection = entry -> true;
        for (String name : names) {
            SelectionRule rule = rules.get(name);
            if (rule == null) {
                throw new InvalidConfigurationException("options.selectionRules", "no selection rule named '" + name
                        + "' is installed; installed: " + new TreeSet<>(rules.keySet()));
            }
            List<String> problems = rule.validate(settings);
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException("options", String.join("; ", problems));
            }
            selection = selection.and(entry -> rule.accepts(entry, MediaTypes.byName(entry.path()), settings));
        }
        return selection;
    }

    @Override
    public String exclusiveTarget(JobRequest request) {
        return request.target();
    }

    @Override
    public boolean changesSnapshots() {
        return true;
    }
}
