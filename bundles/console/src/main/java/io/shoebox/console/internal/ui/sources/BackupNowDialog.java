package io.shoebox.console.internal.ui.sources;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;

import io.shoebox.api.admin.TargetInfo;
import io.shoebox.api.admin.TargetStatus;
import io.shoebox.api.job.JobRequest;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Notices;
import io.shoebox.console.internal.ui.jobs.JobsView;

/** Starts a backup of one source to a chosen target, then shows it on the Jobs page. */
class BackupNowDialog extends Dialog {

    private static final long serialVersionUID = 1L;

    BackupNowDialog(Shoebox shoebox, String source) {
        setHeaderTitle("Back up " + source);
        setId("backup-dialog");
        Select<String> target = new Select<>();
        target.setId("backup-target");
        target.setLabel("Target");
        var targets = shoebox.targets().list();
        target.setItems(targets.stream().map(TargetInfo::name).toList());
        target.setItemEnabledProvider(name -> targets.stream().anyMatch(t -> t.name().equals(name)
                && t.status() == TargetStatus.AVAILABLE));
        targets.stream().filter(t -> t.status() == TargetStatus.AVAILABLE).findFirst().ifPresent(t -> target.setValue(t.name()));
        target.setWidthFull();
        add(target);
        if (targets.isEmpty()) {
            add(new Paragraph("There is no target yet. Add one on the Targets page first."));
        }
        Button start = new Button("Start backup", click -> {
            if (target.getValue() == null) {
                target.setErrorMessage("Choose a target");
                target.setInvalid(true);
                return;
            }
            try {
                shoebox.jobs().submit(new JobRequest("backup", null, source, target.getValue(), null, null, null, null));
                var ui = getUI();
                Notices.done("Backup of " + source + " to " + target.getValue() + " started");
                close();
                ui.ifPresent(current -> current.navigate(JobsView.class));
            } catch (RuntimeException e) {
                Notices.problem(Notices.message(e));
            }
        });
        start.setId("start-backup");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", click -> close()), start);
    }
}
