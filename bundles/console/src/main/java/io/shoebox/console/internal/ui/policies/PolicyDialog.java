package io.shoebox.console.internal.ui.policies;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Notices;

/**
 * Adds or edits a policy. The fields are the policy settings an operator changes most; settings
 * written into the policy's file by hand and not shown here are kept as they are.
 */
class PolicyDialog extends Dialog {

    private static final long serialVersionUID = 1L;
    private static final List<String> KEEP = List.of("keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly",
            "keepYearly");

    private final transient Shoebox shoebox;
    private final PolicyInfo existing;
    private final transient Runnable saved;
    private final TextField name = new TextField("Name");
    private final MultiSelectComboBox<String> sources = new MultiSelectComboBox<>("Sources");
    private final MultiSelectComboBox<String> targets = new MultiSelectComboBox<>("Targets");
    private final TextField schedule = new TextField("Schedule (cron)");
    private final TextField timeZone = new TextField("Time zone");
    private final Checkbox enabled = new Checkbox("Run on schedule");
    private final TextField exclude = new TextField("Leave out (globs, comma-separated)");
    private final Map<String, IntegerField> keep = new LinkedHashMap<>();
    private final IntegerField verifyReadPercent = new IntegerField("Verify after each run (% of data re-read)");
    private final IntegerField uploadLimit = new IntegerField("Upload limit (KiB/s, 0 for none)");
    private final Paragraph error = new Paragraph();

    PolicyDialog(Shoebox shoebox, PolicyInfo existing, Runnable saved) {
        this.shoebox = shoebox;
        this.existing = existing;
        this.saved = saved;
        setHeaderTitle(existing == null ? "Add policy" : "Edit policy " + existing.name());
        setWidth("min(46em, 100vw)");

        name.setId("policy-name");
        name.setRequired(true);
        name.setHelperText("Letters, digits, '.', '_' or '-'");
        sources.setId("policy-sources");
        sources.setItems(shoebox.sources().list().stream().map(SourceInfo::name).toList());
        sources.setRequired(true);
        targets.setId("policy-targets");
        targets.setItems(shoebox.targets().list().stream().map(TargetInfo::name).toList());
        targets.setRequired(true);
        targets.setHelperText("Two or more targets give you 3-2-1: copies in more than one place");
        schedule.setId("policy-schedule");
        schedule.setPlaceholder("30 2 * * *");
        schedule.setHelperText("minute hour day month weekday; '30 2 * * *' is 02:30 every night. Empty: only by hand");
        timeZone.setId("policy-timezone");
        timeZone.setPlaceholder(java.time.ZoneId.systemDefault().getId());
        exclude.setId("policy-exclude");
        exclude.setPlaceholder("*.tmp, *.part");
        for (String key : KEEP) {
            IntegerField field = new IntegerField(label(key));
            field.setId("policy-" + key);
            field.setMin(0);
            keep.put(key, field);
        }
        verifyReadPercent.setId("policy-verifyReadPercent");
        verifyReadPercent.setMin(0);
        verifyReadPercent.setMax(100);
        uploadLimit.setId("policy-uploadLimitKiBps");
        uploadLimit.setMin(0);
        error.setId("policy-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);

        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2));
        form.add(name, 2);
        form.add(sources, targets, schedule, timeZone);
        form.add(enabled, 2);
        form.add(exclude, 2);
        keep.values().forEach(form::add);
        form.add(new Paragraph("Leave all keep fields empty to keep every snapshot. The newest snapshot is never "
                + "forgotten."), 2);
        form.add(verifyReadPercent, uploadLimit);
        add(form, error);

        if (existing != null) {
            fill(existing.config());
        } else {
            enabled.setValue(true);
        }

        Button save = new Button("Save", click -> save());
        save.setId("save-policy");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    private void fill(Map<String, Object> config) {
        name.setValue(existing.name());
        name.setReadOnly(true);
        sources.setValue(new LinkedHashSet<>(strings(config.get("sources"))));
        targets.setValue(new LinkedHashSet<>(strings(config.get("targets"))));
        schedule.setValue(String.valueOf(config.getOrDefault("schedule", "")));
        timeZone.setValue(String.valueOf(config.getOrDefault("timeZone", "")));
        enabled.setValue(Boolean.parseBoolean(String.valueOf(config.getOrDefault("enabled", "true"))));
        exclude.setValue(String.join(", ", strings(config.get("exclude"))));
        keep.forEach((key, field) -> field.setValue(number(config.get(key))));
        verifyReadPercent.setValue(number(config.get("verifyReadPercent")));
        uploadLimit.setValue(number(config.get("uploadLimitKiBps")));
    }

    private void save() {
        List.<HasValidation>of(name, sources, targets, schedule, timeZone, exclude, verifyReadPercent, uploadLimit)
                .forEach(field -> field.setInvalid(false));
        keep.values().forEach(field -> field.setInvalid(false));
        Map<String, Object> config = existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.config());
        config.put("sources", new ArrayList<>(sources.getValue()));
        config.put("targets", new ArrayList<>(targets.getValue()));
        put(config, "schedule", schedule.getValue().strip());
        put(config, "timeZone", timeZone.getValue().strip());
        config.put("enabled", enabled.getValue());
        List<String> excluded = strings(exclude.getValue());
        if (excluded.isEmpty()) {
            config.remove("exclude");
        } else {
            config.put("exclude", excluded);
        }
        keep.forEach((key, field) -> put(config, key, field.getValue()));
        put(config, "verifyReadPercent", verifyReadPercent.getValue());
        put(config, "uploadLimitKiBps", uploadLimit.getValue());
        try {
            if (existing == null) {
                shoebox.policies().create(name.getValue().strip(), config);
            } else {
                shoebox.policies().update(existing.name(), config);
            }
            close();
            saved.run();
        } catch (InvalidConfigurationException e) {
            showError(e.getMessage());
            markInvalid(e.field(), e.getMessage());
        } catch (RuntimeException e) {
            showError(Notices.message(e));
        }
    }

    private void markInvalid(String field, String message) {
        String key = field == null ? "" : field.replaceFirst("^config\\.", "");
        HasValidation target = switch (key) {
            case "name" -> name;
            case "sources" -> sources;
            case "targets" -> targets;
            case "schedule" -> schedule;
            case "timeZone" -> timeZone;
            case "exclude" -> exclude;
            case "verifyReadPercent" -> verifyReadPercent;
            case "uploadLimitKiBps" -> uploadLimit;
            default -> keep.get(key);
        };
        if (target != null) {
            target.setErrorMessage(message);
            target.setInvalid(true);
        }
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    private static void put(Map<String, Object> config, String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            config.remove(key);
        } else {
            config.put(key, value);
        }
    }

    private static Integer number(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            return value instanceof Number n ? n.intValue() : Integer.valueOf(value.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String label(String key) {
        return "Keep " + key.substring(4).toLowerCase(java.util.Locale.ROOT);
    }

    /** A settings value as a list of strings: a list, an array, or a comma-separated text. */
    static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(item -> result.add(String.valueOf(item)));
        } else if (value instanceof Object[] array) {
            for (Object item : array) {
                result.add(String.valueOf(item));
            }
        } else if (value != null) {
            for (String part : value.toString().split(",")) {
                result.add(part);
            }
        }
        result.replaceAll(String::strip);
        result.removeIf(String::isEmpty);
        return result;
    }

    static String text(Object value) {
        return String.join(", ", strings(value));
    }
}
