package io.shoebox.console.internal.ui.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.admin.ProviderTypeInfo;
import io.shoebox.console.internal.services.ServerEvents;

/**
 * Adds or edits a target or a source: a name, a type from the providers installed now, and the form that
 * type's Metatype describes. While it is open, the type choices follow plugins being installed or removed.
 */
public class ConfigDialog extends Dialog {

    private static final long serialVersionUID = 1L;

    /** Stores what was entered; throws the service's refusal. */
    @FunctionalInterface
    public interface Save {
        void save(String name, String type, Map<String, Object> config, String password);
    }

    /** What is being edited; {@code null} when adding. */
    public record Existing(String name, String type, Map<String, Object> config, Set<String> secretsSet) {
    }

    private final transient Supplier<List<ProviderTypeInfo>> types;
    private final Existing existing;
    private final TextField name = new TextField("Name");
    private final Select<String> type = new Select<>();
    private final Div formHolder = new Div();
    private final PasswordField repositoryPassword;
    private final Paragraph error = new Paragraph();
    private final Paragraph noTypes = new Paragraph();
    private Map<String, ProviderTypeInfo> typesById = new LinkedHashMap<>();
    private ConfigForm form;

    /**
     * @param what "target" or "source", for the texts
     * @param withRepositoryPassword whether to ask for the repository password (targets)
     */
    public ConfigDialog(String what, Supplier<List<ProviderTypeInfo>> types, Existing existing,
            boolean withRepositoryPassword, ServerEvents events, Save save, Runnable saved) {
        this.types = types;
        this.existing = existing;
        setHeaderTitle(existing == null ? "Add " + what : "Edit " + what + " " + existing.name());
        setWidth("min(44em, 100vw)");
        setId(what + "-dialog");

        name.setId("name");
        name.setRequiredIndicatorVisible(true);
        name.setHelperText("Letters, digits, '.', '_' and '-'");
        name.setWidthFull();
        type.setId("type");
        type.setLabel("Type");
        type.setWidthFull();
        type.setItemLabelGenerator(id -> typesById.containsKey(id) ? typesById.get(id).name() + " (" + id + ")" : id);
        noTypes.setText("No " + what + " provider is installed. Install one on the Plugins page.");
        noTypes.setVisible(false);
        error.setId("form-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);

        VerticalLayout content = new VerticalLayout(name, type, noTypes, formHolder);
        content.setPadding(false);
        content.setSpacing(false);
        formHolder.setWidthFull();
        if (withRepositoryPassword) {
            repositoryPassword = new PasswordField("Repository password");
            repositoryPassword.setId("repository-password");
            repositoryPassword.setWidthFull();
            repositoryPassword.setHelperText(existing == null
                    ? "Encrypts the backups. An empty target gets a new repository with this password; an existing "
                            + "repository must open with it. Left empty, the server generates one. Keep a copy."
                    : "Leave empty to keep the current password.");
            content.add(repositoryPassword);
        } else {
            repositoryPassword = null;
        }
        content.add(error);
        add(content);

        if (existing != null) {
            name.setValue(existing.name());
            name.setReadOnly(true);
        }
        // Listening before the first choice is made: that choice (the edited type) must show its form.
        type.addValueChangeListener(change -> showForm(change.getValue()));
        reloadTypes();
        if (existing != null) {
            type.setValue(existing.type());
            type.setReadOnly(true);
        } else if (!typesById.isEmpty()) {
            type.setValue(typesById.keySet().iterator().next());
        }

        Button saveButton = new Button(existing == null ? "Add" : "Save", click -> {
            error.setVisible(false);
            if (form != null) {
                form.clearInvalid();
            }
            name.setInvalid(false);
            try {
                String password = repositoryPassword == null ? null : repositoryPassword.getValue();
                save.save(name.getValue().strip(), type.getValue(), form == null ? Map.of() : form.values(),
                        password == null || password.isEmpty() ? null : password);
                close();
                saved.run();
            } catch (InvalidConfigurationException e) {
                showError(e.getMessage());
                if ("name".equals(e.field())) {
                    name.setErrorMessage(e.getMessage());
                    name.setInvalid(true);
                } else if (form != null) {
                    form.markInvalid(e.field(), e.getMessage());
                }
            } catch (RuntimeException e) {
                showError(Notices.message(e));
            }
        });
        saveButton.setId("save");
        saveButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", click -> close());
        cancel.setId("cancel");
        getFooter().add(cancel, saveButton);

        Live.follow(this, events, ServerEvents.Topic.PLUGINS, this::reloadTypes);
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisible(true);
    }

    /** Reads the installed types again; the chosen one stays chosen while its provider is there. */
    private void reloadTypes() {
        Map<String, ProviderTypeInfo> fresh = new LinkedHashMap<>();
        types.get().forEach(info -> fresh.put(info.type(), info));
        if (fresh.keySet().equals(typesById.keySet())) {
            typesById = fresh;
            return;
        }
        String chosen = type.getValue();
        typesById = fresh;
        type.setItems(fresh.keySet());
        noTypes.setVisible(fresh.isEmpty() && existing == null);
        if (chosen != null && fresh.containsKey(chosen)) {
            type.setValue(chosen);
        } else if (existing != null) {
            type.setValue(existing.type());
        }
    }

    private void showForm(String typeId) {
        formHolder.removeAll();
        form = null;
        ProviderTypeInfo info = typeId == null ? null : typesById.get(typeId);
        if (info == null) {
            if (existing != null) {
                formHolder.add(new Paragraph("The provider of type '" + existing.type()
                        + "' is not installed, so its settings cannot be edited now."));
            }
            return;
        }
        form = existing == null ? new ConfigForm(info.fields(), Map.of(), Set.of())
                : new ConfigForm(info.fields(), existing.config(), existing.secretsSet());
        if (info.description() != null && !info.description().isBlank()) {
            Paragraph description = new Paragraph(info.description());
            description.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "var(--lumo-space-s) 0 0 0");
            formHolder.add(description);
        }
        formHolder.add(form);
    }
}
