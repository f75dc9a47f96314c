package io.shoebox.console.internal.ui.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;

import io.shoebox.api.admin.FieldInfo;

/**
 * A form generated from a provider's Metatype fields, so a provider installed a minute ago has its form:
 * text, numbers, checkboxes and choices by type, secrets as password fields, required fields marked.
 * Empty fields are left out of the values, so the server names a missing required field.
 */
public class ConfigForm extends FormLayout {

    private static final long serialVersionUID = 1L;

    private final Map<String, Component> inputs = new LinkedHashMap<>();
    private final Map<String, FieldInfo> fields = new LinkedHashMap<>();

    /**
     * @param values current settings (editing), or empty
     * @param secretsSet secret fields that have a value; left empty they keep it
     */
    public ConfigForm(List<FieldInfo> definitions, Map<String, Object> values, Set<String> secretsSet) {
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("32em", 2));
        for (FieldInfo field : definitions) {
            Object value = values.containsKey(field.id()) ? values.get(field.id()) : field.defaultValue();
            Component input = input(field, value, secretsSet.contains(field.id()));
            input.setId("field-" + field.id());
            inputs.put(field.id(), input);
            fields.put(field.id(), field);
            add(input);
        }
    }

    private static Component input(FieldInfo field, Object value, boolean secretSet) {
        String label = field.name() == null || field.name().isBlank() ? field.id() : field.name();
        String help = field.description() == null ? "" : field.description();
        if (!field.options().isEmpty() && !field.multiple()) {
            Select<String> select = new Select<>();
            select.setLabel(label);
            select.setItems(field.options());
            select.setHelperText(help);
            select.setRequiredIndicatorVisible(field.required());
            if (value != null && field.options().contains(value.toString())) {
                select.setValue(value.toString());
            }
            return select;
        }
        if (field.multiple()) {
            TextArea area = new TextArea(label);
            area.setHelperText(help.isEmpty() ? "One per line" : help + " (one per line)");
            area.setRequiredIndicatorVisible(field.required());
            // Config Admin keeps several values as an array, the REST layer as a list.
            if (value instanceof Collection<?> items) {
                area.setValue(String.join("\n", items.stream().map(String::valueOf).toList()));
            } else if (value instanceof Object[] items) {
                area.setValue(String.join("\n", Arrays.stream(items).map(String::valueOf).toList()));
            } else if (value != null) {
                area.setValue(value.toString());
            }
            return area;
        }
        switch (field.type()) {
            case "boolean" -> {
                Checkbox checkbox = new Checkbox(label, Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value)));
                checkbox.setTooltipText(help);
                return checkbox;
            }
            case "password" -> {
                PasswordField password = new PasswordField(label);
                password.setHelperText(help);
                password.setRequiredIndicatorVisible(field.required() && !secretSet);
                if (secretSet) {
                    password.setPlaceholder("set — leave empty to keep it");
                }
                return password;
            }
            case "integer", "long", "double" -> {
                NumberField number = new NumberField(label);
                number.setHelperText(help);
                number.setRequiredIndicatorVisible(field.required());
                if (value instanceof Number n) {
                    number.setValue(n.doubleValue());
                } else if (value != null) {
                    try {
                        number.setValue(Double.parseDouble(value.toString()));
                    } catch (NumberFormatException e) {
                        // left empty
                    }
                }
                if (!field.type().equals("double")) {
                    number.setStep(1);
                }
                return number;
            }
            default -> {
                TextField text = new TextField(label);
                text.setHelperText(help);
                text.setRequiredIndicatorVisible(field.required());
                if (value != null) {
                    text.setValue(value.toString());
                }
                return text;
            }
        }
    }

    /** The settings entered, by field id; empty fields left out. */
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        inputs.forEach((id, input) -> {
            FieldInfo field = fields.get(id);
            Object value = ((AbstractField<?, ?>) input).getValue();
            if (value instanceof String text) {
                if (text.isBlank()) {
                    return;
                }
                if (field.multiple()) {
                    List<String> items = new ArrayList<>(Arrays.stream(text.split("\\R")).map(String::strip)
                            .filter(item -> !item.isEmpty()).toList());
                    values.put(id, items);
                } else {
                    values.put(id, field.isSecret() ? text : text.strip());
                }
            } else if (value instanceof Double number) {
                values.put(id, field.type().equals("double") ? number : (Object) Long.valueOf(number.longValue()));
            } else if (value != null) {
                values.put(id, value);
            }
        });
        return values;
    }

    /** Marks the field a refusal names ({@code config.path} or {@code path}); false when it is not on this form. */
    public boolean markInvalid(String field, String message) {
        if (field == null) {
            return false;
        }
        String id = field.startsWith("config.") ? field.substring("config.".length()) : field;
        Component input = inputs.get(id);
        if (input instanceof HasValidation validated) {
            validated.setErrorMessage(message);
            validated.setInvalid(true);
            return true;
        }
        return false;
    }

    public void clearInvalid() {
        inputs.values().forEach(input -> {
            if (input instanceof HasValidation validated) {
                validated.setInvalid(false);
            }
        });
    }
}
