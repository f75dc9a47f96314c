package io.shoebox.console.internal.ui.jobs;

import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;

import io.shoebox.api.job.JobRequest;
import io.shoebox.api.job.JobService;
import io.shoebox.console.internal.ui.common.Notices;

/**
 * Repairs a target's repository after a check found damage: rebuilds its index, rescues intact data
 * from damaged packs and drops what is lost, so that the next backup stores it again from the photos
 * themselves. Removing the lost files from the snapshots is a choice of its own.
 */
public class RepairDialog extends Dialog {

    private static final long serialVersionUID = 1L;

    public RepairDialog(JobService jobs, String target) {
        setHeaderTitle("Repair " + target);
        setId("repair-dialog");
        setWidth("34em");
        add(new Paragraph("Shoebox rebuilds the index of this target's repository from its packs, copies every intact"
                + " piece of data out of damaged packs and removes them, and forgets what is lost. The next backup of"
                + " your sources then stores the lost photos again from the originals."));
        Checkbox readData = new Checkbox("Read all data to find every damaged piece (slower, thorough)", true);
        readData.setId("repair-read-data");
        Checkbox rewrite = new Checkbox("Remove files whose data is lost from the snapshots (only if the originals"
                + " are gone too: they cannot be restored anyway)", false);
        rewrite.setId("repair-rewrite-snapshots");
        add(readData, rewrite);
        Button start = new Button("Repair", click -> {
            try {
                jobs.submit(new JobRequest("repair", null, null, target, null, null, null,
                        Map.of("readData", readData.getValue(), "rewriteSnapshots", rewrite.getValue())));
                Notices.done("Repair of " + target + " started");
                close();
            } catch (RuntimeException e) {
                Notices.problem(Notices.message(e));
            }
        });
        start.setId("start-repair");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        getFooter().add(new Button("Cancel", click -> close()), start);
    }
}
