package io.shoebox.engine.internal.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import io.shoebox.api.policy.RetentionRule;
import io.shoebox.api.policy.SelectionRule;
import io.shoebox.engine.internal.jobs.BackupJobType;
import io.shoebox.engine.internal.values.ConfigValues;

/**
 * A policy's settings, read and checked. Every problem found is kept, each naming its setting, so
 * one look at the policy tells the operator everything that needs fixing.
 */
record PolicySettings(
        String name,
        Map<String, Object> raw,
        List<String> sources,
        List<String> targets,
        CronSchedule schedule,
        CronSchedule checkSchedule,
        ZoneId zone,
        boolean enabled,
        boolean catchUp,
        List<String> selectionRules,
        List<String> retentionRules,
        int verifyReadPercent,
        long uploadLimitKiBps,
        int retryAttempts,
        Duration retryDelay,
        Duration overdueAfter,
        List<String> problems) {

    static final String DEFAULT_RULE = "standard";

    /** Settings the engine and the standard rules understand; others need a rule from another bundle. */
    static final Set<String> KNOWN = Set.of("sources", "targets", "schedule", "timeZone", "enabled", "catchUp",
            "selectionRules", "include", "exclude", "mediaTypes", "minSize", "maxSize", "retentionRules", "keepLast",
            "keepHourly", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly", "verifyReadPercent", "checkSchedule",
            "uploadLimitKiBps", "retryAttempts", "retryDelaySeconds", "overdueAfterMinutes");

    /** What validation needs to know about the rest of the server. */
    interface World {
        boolean hasSource(String name);

        boolean hasTarget(String name);

        RetentionRule retentionRule(String name);

        SelectionRule selectionRule(String name);
    }

    /**
     * Settings without the bookkeeping properties Configuration Admin and Declarative Services add
     * ({@code service.pid}, {@code component.name}, {@code osgi.ds.satisfying.condition.target}):
     * settings are plain names, never dotted.
     */
    static Map<String, Object> visible(Map<String, ?> properties) {
        Map<String, Object> visible = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!key.contains(".")) {
                visible.put(key, value instanceof Object[] array ? List.of(array) : value);
            }
        });
        return visible;
    }

    static PolicySettings read(String name, Map<String, ?> properties, World world) {
        Map<String, Object> raw = visible(properties);
        List<String> problems = new ArrayList<>();
        List<String> sources = ConfigValues.strings(raw.get("sources"));
        if (sources.isEmpty()) {
            problems.add("sources: name at least one source");
        }
        sources.stream().filter(Predicate.not(world::hasSource))
                .forEach(source -> problems.add("sources: no source named '" + source + "'"));
        List<String> targets = ConfigValues.strings(raw.get("targets"));
        if (targets.isEmpty()) {
            problems.add("targets: name at least one target");
        }
        targets.stream().filter(Predicate.not(world::hasTarget))
                .forEach(target -> problems.add("targets: no target named '" + target + "'"));

        ZoneId zone = ZoneId.systemDefault();
        try {
            zone = ConfigValues.zone(raw.get("timeZone"));
        } catch (IllegalArgumentException e) {
            problems.add("timeZone: " + e.getMessage());
        }
        CronSchedule schedule = schedule(raw, "schedule", zone, problems);
        CronSchedule checkSchedule = schedule(raw, "checkSchedule", zone, problems);

        List<String> retentionRules = ConfigValues.strings(raw.get("retentionRules"));
        if (retentionRules.isEmpty()) {
            retentionRules = List.of(DEFAULT_RULE);
        }
        checkRules(retentionRules, "retentionRules", world::retentionRule, rule -> rule.validate(raw), problems);
        List<String> selectionRules = ConfigValues.strings(raw.get("selectionRules"));
        if (selectionRules.isEmpty() && BackupJobType.STANDARD_SELECTION_KEYS.stream().anyMatch(raw::containsKey)) {
            selectionRules = List.of(DEFAULT_RULE);
        }
        checkRules(selectionRules, "selectionRules", world::selectionRule, rule -> rule.validate(raw), problems);

        boolean onlyStandardRules = retentionRules.stream().allMatch(DEFAULT_RULE::equals)
                && selectionRules.stream().allMatch(DEFAULT_RULE::equals);
        if (onlyStandardRules) {
            raw.keySet().stream().filter(key -> !KNOWN.contains(key)).sorted()
                    .forEach(key -> problems.add(key + ": unknown setting; known settings are " + new TreeSet<>(KNOWN)));
        }

        int verify = (int) number(raw, "verifyReadPercent", 0, 100, 0, problems);
        long uploadLimit = number(raw, "uploadLimitKiBps", 0, Long.MAX_VALUE, 0, problems);
        int retryAttempts = (int) number(raw, "retryAttempts", 0, 100, 3, problems);
        long retryDelay = number(raw, "retryDelaySeconds", 1, 86_400, 60, problems);
        long overdueAfter = number(raw, "overdueAfterMinutes", 1, 525_600, 120, problems);
        return new PolicySettings(name, raw, sources, targets, schedule, checkSchedule, zone,
                bool(raw, "enabled", true, problems), bool(raw, "catchUp", true, problems), selectionRules, retentionRules,
                verify, uploadLimit, retryAttempts, Duration.ofSeconds(retryDelay), Duration.ofMinutes(overdueAfter),
                List.copyOf(problems));
    }

    boolean valid() {
        return problems.isEmpty();
    }

    /** Whether the policy forgets snapshots: only when a retention setting is given. */
    boolean forgets() {
        return raw.keySet().stream().anyMatch(key -> key.startsWith("keep")) || !retentionRules.equals(List.of(DEFAULT_RULE));
    }

    private static CronSchedule schedule(Map<String, Object> raw, String key, ZoneId zone, List<String> problems) {
        Object value = raw.get(key);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return CronSchedule.parse(value.toString(), zone);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private static <R> void checkRules(List<String> names, String key, Function<String, R> lookup,
            Function<R, List<String>> validate, List<String> problems) {
        for (String name : names) {
            R rule = lookup.apply(name);
            if (rule == null) {
                problems.add(key + ": no rule named '" + name + "' is installed");
            } else {
                problems.addAll(validate.apply(rule));
            }
        }
    }

    private static long number(Map<String, Object> raw, String key, long min, long max, long defaultValue,
            List<String> problems) {
        Object value = raw.get(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        try {
            long number = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
            if (number < min || number > max) {
                problems.add(key + ": must be between " + min + " and " + max + ", not " + number);
                return defaultValue;
            }
            return number;
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a whole number, not '" + value + "'");
            return defaultValue;
        }
    }

    private static boolean bool(Map<String, Object> raw, String key, boolean defaultValue, List<String> problems) {
        Object value = raw.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            problems.add(key + ": must be true or false, not '" + value + "'");
            return defaultValue;
        }
        return Boolean.parseBoolean(text);
    }
}
