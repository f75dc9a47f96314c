package io.shoebox.console.internal.ui.jobs;

import java.time.Duration;
import java.time.Instant;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;

import io.shoebox.api.job.JobInfo;
import io.shoebox.api.job.JobProgress;
import io.shoebox.api.job.JobService;
import io.shoebox.api.job.JobState;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Notices;

/** One job at work: what it does, progress bars for files and bytes, speed, time left, and cancel. */
public class JobCard extends Div {

    private static final long serialVersionUID = 1L;

    private final Span title = new Span();
    private final Div state = new Div();
    private final ProgressBar files = new ProgressBar();
    private final ProgressBar bytes = new ProgressBar();
    private final Span filesText = new Span();
    private final Span bytesText = new Span();
    private final Span pace = new Span();
    private final Span error = new Span();
    private final Button cancel;
    private final Button repair;

    public JobCard(JobService jobs, JobInfo job) {
        setId("job-" + job.id());
        addClassName("job-card");
        getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-m)").set("box-sizing", "border-box").set("width", "100%");
        title.getStyle().set("font-weight", "600");
        cancel = new Button("Cancel", click -> {
            if (!jobs.cancel(job.id())) {
                Notices.problem("The job had already ended");
            }
        });
        cancel.setId("cancel-" + job.id());
        cancel.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        repair = new Button("Repair…", click -> new RepairDialog(jobs, job.request().target()).open());
        repair.setId("card-repair-" + job.id());
        repair.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        repair.setVisible(false);
        HorizontalLayout head = new HorizontalLayout(title, state, cancel, repair);
        head.setWidthFull();
        head.setAlignItems(FlexComponent.Alignment.CENTER);
        head.expand(title);
        files.addClassName("files-progress");
        bytes.addClassName("bytes-progress");
        for (Span text : new Span[] {filesText, bytesText, pace}) {
            text.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        }
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        add(head, filesText, files, bytesText, bytes, pace, error);
        update(job);
    }

    /** Shows the job's latest state. */
    public void update(JobInfo job) {
        title.setText(JobsView.describe(job));
        state.removeAll();
        state.add(JobsView.stateBadge(job.state()));
        state.getElement().setAttribute("data-state", job.state().name());
        cancel.setVisible(!job.state().isFinal());
        JobProgress progress = job.progress();
        boolean done = job.state().isSuccess();
        setBar(files, progress.filesDone(), progress.filesTotal(), done, job.state());
        setBar(bytes, progress.bytesDone(), progress.bytesTotal(), done, job.state());
        filesText.setText(progress.filesDone() + (progress.filesTotal() >= 0 ? " of " + progress.filesTotal() : "") + " files");
        bytesText.setText(Format.bytes(progress.bytesDone())
                + (progress.bytesTotal() >= 0 ? " of " + Format.bytes(progress.bytesTotal()) : ""));
        pace.setText(pace(job));
        error.setText(job.error() == null ? "" : job.error());
        error.setVisible(job.error() != null);
        repair.setVisible(foundDamage(job));
    }

    private static void setBar(ProgressBar bar, long done, long total, boolean succeeded, JobState state) {
        if (succeeded) {
            bar.setIndeterminate(false);
            bar.setValue(1);
        } else if (total > 0) {
            bar.setIndeterminate(false);
            bar.setValue(Math.min(1, (double) done / total));
        } else {
            bar.setIndeterminate(state == JobState.RUNNING);
            bar.setValue(total == 0 ? 1 : 0);
        }
    }

    /** Speed over the whole run so far and the time left at that speed. */
    static String pace(JobInfo job) {
        if (job.startedAt() == null) {
            return job.state() == JobState.QUEUED ? "Waiting for its turn" : "";
        }
        Instant end = job.finishedAt() == null ? Instant.now() : job.finishedAt();
        Duration elapsed = Duration.between(job.startedAt(), end);
        long millis = Math.max(1, elapsed.toMillis());
        long bytesPerSecond = job.progress().bytesDone() * 1000 / millis;
        StringBuilder text = new StringBuilder(Format.bytes(bytesPerSecond)).append("/s");
        if (job.state().isFinal()) {
            text.append(" · took ").append(Format.duration(elapsed));
        } else if (job.progress().bytesTotal() > 0 && bytesPerSecond > 0) {
            long left = (job.progress().bytesTotal() - job.progress().bytesDone()) / bytesPerSecond;
            text.append(" · about ").append(Format.duration(Duration.ofSeconds(left))).append(" left");
        } else {
            text.append(" · counting what there is to do");
        }
        return text.toString();
    }

    /** A check that ended finding damage (not one that could not run at all) offers a repair. */
    static boolean foundDamage(JobInfo job) {
        return "check".equals(job.request().type()) && job.state() == JobState.FAILED && job.request().target() != null
                && job.result() != null && Boolean.FALSE.equals(job.result().get("ok"));
    }
}
