package io.shoebox.console.internal.ui.snapshots;

import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobRequest;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Notices;

/** Restores the chosen files and folders to a folder of the server, with a progress bar until it is done. */
class RestoreDialog extends Dialog {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final ProgressBar progress = new ProgressBar();
    private final Paragraph status = new Paragraph();
    private String jobId;

    RestoreDialog(Shoebox shoebox, String target, String snapshot, List<String> include) {
        this.shoebox = shoebox;
        setId("restore-dialog");
        setHeaderTitle("Restore " + (include.size() == 1 ? include.get(0) : include.size() + " items"));
        setWidth("min(36em, 100vw)");
        TextField destination = new TextField("Restore into folder");
        destination.setId("restore-destination");
        destination.setWidthFull();
        destination.setHelperText("An absolute folder on the server. Paths inside the snapshot are kept below it.");
        Select<String> existing = new Select<>();
        existing.setId("restore-existing");
        existing.setLabel("Files that already exist there");
        existing.setItems("skip", "overwrite", "rename");
        existing.setItemLabelGenerator(mode -> switch (mode) {
            case "overwrite" -> "Overwrite them";
            case "rename" -> "Keep both (restore under a new name)";
            default -> "Keep them (skip)";
        });
        existing.setValue("skip");
        existing.setWidthFull();
        progress.setId("restore-progress");
        progress.setVisible(false);
        status.setId("restore-status");
        VerticalLayout content = new VerticalLayout(destination, existing, progress, status);
        content.setPadding(false);
        add(content);

        Button close = new Button("Close", click -> close());
        Button start = new Button("Restore");
        start.setId("start-restore");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addClickListener(click -> {
            destination.setInvalid(false);
            try {
                JobInfo job = shoebox.jobs().submit(new JobRequest("restore", null, null, target, snapshot, include,
                        destination.getValue().strip(), Map.of("existing", existing.getValue())));
                jobId = job.id();
                start.setEnabled(false);
                destination.setReadOnly(true);
                existing.setReadOnly(true);
                progress.setVisible(true);
                show(job);
            } catch (InvalidConfigurationException e) {
                destination.setErrorMessage(e.getMessage());
                destination.setInvalid(true);
            } catch (RuntimeException e) {
                Notices.problem(Notices.message(e));
            }
        });
        getFooter().add(close, start);
        Live.follow(this, shoebox.events(), ServerEvents.Topic.JOBS, () -> {
            if (jobId != null) {
                shoebox.jobs().get(jobId).ifPresent(this::show);
            }
        });
    }

    private void show(JobInfo job) {
        var done = job.progress();
        if (job.state().isSuccess()) {
            progress.setIndeterminate(false);
            progress.setValue(1);
        } else if (done.bytesTotal() > 0) {
            progress.setIndeterminate(false);
            progress.setValue(Math.min(1, (double) done.bytesDone() / done.bytesTotal()));
        } else {
            progress.setIndeterminate(!job.state().isFinal());
        }
        status.getElement().setAttribute("data-state", job.state().name());
        status.setText(switch (job.state()) {
            case QUEUED -> "Waiting for its turn…";
            case RUNNING -> done.filesDone() + " files, " + Format.bytes(done.bytesDone()) + " restored so far…";
            case SUCCEEDED -> "Restored " + job.result().getOrDefault("filesRestored", done.filesDone()) + " files ("
                    + Format.bytes(done.bytesDone()) + ") to " + job.request().destination() + ".";
            case SUCCEEDED_WITH_WARNINGS -> "Restored " + job.result().getOrDefault("filesRestored", done.filesDone())
                    + " files to " + job.request().destination() + "; " + job.result().getOrDefault("filesFailed", 0)
                    + " could not be restored: " + String.join("; ", job.warnings().subList(0,
                            Math.min(3, job.warnings().size()))) + (job.warnings().size() > 3 ? "; …" : "");
            case FAILED -> "The restore failed: " + job.error();
            case CANCELLED -> "The restore was cancelled.";
        });
    }
}
