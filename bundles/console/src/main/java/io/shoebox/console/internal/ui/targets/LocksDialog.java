package io.shoebox.console.internal.ui.targets;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;

import io.shoebox.api.job.JobRequest;
import io.shoebox.api.snapshot.TargetLock;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Notices;

/**
 * Who holds a target's repository, and a way out when a lock is left behind: stale locks (lease run
 * out, or their process on this server gone) can be removed at once; removing every lock needs the
 * target's name typed, since it can break a backup another server is running.
 */
class LocksDialog extends Dialog {

    private static final long serialVersionUID = 1L;

    LocksDialog(Shoebox shoebox, String target) {
        setHeaderTitle("Locks on " + target);
        setId("locks-dialog");
        setWidth("48em");
        List<TargetLock> locks;
        try {
            locks = shoebox.snapshots().locks(target);
        } catch (IOException | RuntimeException e) {
            add(new Paragraph("The locks cannot be read: " + e.getMessage()));
            getFooter().add(new Button("Close", click -> close()));
            return;
        }
        if (locks.isEmpty()) {
            Paragraph none = new Paragraph("Nothing holds this target's repository now.");
            none.setId("no-locks");
            add(none);
        } else {
            Grid<TargetLock> grid = new Grid<>();
            grid.setId("locks");
            grid.addThemeVariants(GridVariant.LUMO_COMPACT);
            grid.setAllRowsVisible(true);
            grid.addColumn(lock -> lock.exclusive() ? "exclusive" : "shared").setHeader("Kind").setAutoWidth(true);
            grid.addColumn(lock -> lock.hostname() + " (pid " + lock.pid() + ")").setHeader("Held by").setAutoWidth(true);
            grid.addColumn(lock -> lock.created() == null ? "" : Format.age(lock.created())).setHeader("Taken")
                    .setAutoWidth(true);
            grid.addComponentColumn(lock -> Badges.badge(lock.stale() ? "stale" : "held",
                    lock.stale() ? Badges.Tone.WARN : Badges.Tone.BUSY)).setHeader("State").setAutoWidth(true);
            grid.setItems(locks);
            add(grid);
        }
        TextField confirm = new TextField("To remove every lock, fresh ones too, type the target's name");
        confirm.setId("unlock-confirm");
        confirm.setHelperText("Only when nothing else, such as another Shoebox server, is using this target.");
        confirm.setWidthFull();
        add(confirm);
        Button stale = new Button("Remove stale locks", click -> unlock(shoebox, target, Map.of()));
        stale.setId("unlock-stale");
        Button all = new Button("Remove all locks", click -> {
            if (!target.equals(confirm.getValue())) {
                confirm.setErrorMessage("Type " + target + " to confirm");
                confirm.setInvalid(true);
                return;
            }
            unlock(shoebox, target, Map.of("all", true, "confirm", target));
        });
        all.setId("unlock-all");
        all.addThemeVariants(ButtonVariant.LUMO_ERROR);
        stale.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Close", click -> close()), all, stale);
    }

    private void unlock(Shoebox shoebox, String target, Map<String, Object> options) {
        try {
            shoebox.jobs().submit(new JobRequest("unlock", null, null, target, null, null, null, options));
            Notices.done("Removing " + (options.isEmpty() ? "stale locks" : "every lock") + " on " + target);
            close();
        } catch (RuntimeException e) {
            Notices.problem(Notices.message(e));
        }
    }
}
