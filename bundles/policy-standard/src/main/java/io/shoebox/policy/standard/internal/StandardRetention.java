package io.shoebox.policy.standard.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.component.annotations.Component;
import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converters;

import io.shoebox.api.policy.RetentionRule;
import io.shoebox.api.policy.RuleName;
import io.shoebox.api.policy.SnapshotSummary;

/**
 * The standard retention rules: keep the last <i>n</i> snapshots, and the newest snapshot of each
 * of the last <i>n</i> hours, days, weeks (ISO), months and years that have one. A snapshot is kept
 * if any rule keeps it. Checkpoints are never kept once a complete snapshot is newer. Without any
 * of its settings it keeps everything: forgetting is something a policy asks for explicitly.
 */
@Component
@RuleName(StandardRetention.NAME)
public final class StandardRetention implements RetentionRule {

    /** The name policies use for this rule. */
    public static final String NAME = "standard";

    /** The settings this rule reads. */
    public static final List<String> KEYS = List.of("keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly",
            "keepYearly");

    @Override
    public Set<String> keep(List<SnapshotSummary> snapshots, Map<String, Object> settings, ZoneId zone) {
        if (!configured(settings)) {
            return snapshots.stream().map(SnapshotSummary::id).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        }
        List<SnapshotSummary> newestFirst = snapshots.stream()
                .sorted(Comparator.comparing(SnapshotSummary::time).reversed()).toList();
        Set<String> keep = new LinkedHashSet<>();
        List<SnapshotSummary> complete = newestFirst.stream().filter(s -> !s.checkpoint()).toList();
        if (!newestFirst.isEmpty() && newestFirst.get(0).checkpoint()) {
            keep.add(newestFirst.get(0).id()); // a backup still under way, or interrupted: its checkpoint is the newest copy
        }
        keepNewest(complete, count(settings, "keepLast"), s -> s.id(), zone, keep);
        keepNewest(complete, count(settings, "keepHourly"), s -> local(s, zone).truncatedTo(ChronoUnit.HOURS), zone, keep);
        keepNewest(complete, count(settings, "keepDaily"), s -> local(s, zone).toLocalDate(), zone, keep);
        keepNewest(complete, count(settings, "keepWeekly"), s -> {
            ZonedDateTime time = local(s, zone);
            return time.get(IsoFields.WEEK_BASED_YEAR) * 100 + time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, zone, keep);
        keepNewest(complete, count(settings, "keepMonthly"), s -> local(s, zone).getYear() * 100 + local(s, zone).getMonthValue(),
                zone, keep);
        keepNewest(complete, count(settings, "keepYearly"), s -> local(s, zone).getYear(), zone, keep);
        if (!complete.isEmpty()) {
            keep.add(complete.get(0).id()); // the latest complete snapshot is never forgotten
        }
        return keep;
    }

    @Override
    public List<String> validate(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        for (String key : KEYS) {
            try {
                if (count(settings, key) < 0) {
                    problems.add(key + " must not be negative");
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty() && configured(settings) && KEYS.stream().noneMatch(key -> count(settings, key) > 0)) {
            problems.add("retention keeps nothing: set at least one of " + String.join(", ", KEYS)
                    + " above 0, or leave them all out to keep every snapshot");
        }
        return problems;
    }

    private static boolean configured(Map<String, Object> settings) {
        return KEYS.stream().anyMatch(settings::containsKey);
    }

    private static void keepNewest(List<SnapshotSummary> newestFirst, int count, Function<SnapshotSummary, Object> bucket,
            ZoneId zone, Set<String> keep) {
        Set<Object> seen = new HashSet<>();
        for (SnapshotSummary snapshot : newestFirst) {
            if (seen.size() >= count) {
                return;
            }
            if (seen.add(bucket.apply(snapshot))) {
                keep.add(snapshot.id());
            }
        }
    }

    private static ZonedDateTime local(SnapshotSummary snapshot, ZoneId zone) {
        return snapshot.time().atZone(zone);
    }

    private static int count(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null) {
            return 0;
        }
        try {
            return Converters.standardConverter().convert(value instanceof String text ? text.strip() : value)
                    .to(int.class);
        } catch (ConversionException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }
}
