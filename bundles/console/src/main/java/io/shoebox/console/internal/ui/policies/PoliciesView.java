package io.shoebox.console.internal.ui.policies;

import java.util.List;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.api.policy.PolicyInfo;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Badges;
import io.shoebox.console.internal.ui.common.EmptyState;
import io.shoebox.console.internal.ui.common.Format;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Notices;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.common.ViewHeader;
import io.shoebox.console.internal.ui.shell.MainLayout;

/** Policies: which sources go to which targets, when, and what is kept. Create, edit, delete, run now. */
@Route(value = Paths.POLICIES, layout = MainLayout.class)
@PageTitle("Policies · Shoebox")
public class PoliciesView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    private final transient Shoebox shoebox;
    private final Grid<PolicyInfo> grid = new Grid<>();
    private final EmptyState empty;

    public PoliciesView(Shoebox shoebox) {
        this.shoebox = shoebox;
        HorizontalLayout header = ViewHeader.withAdd("Policies", "Add policy", "add-policy", () -> openDialog(null));

        empty = new EmptyState("No policies yet",
                "A policy backs up sources to targets on a schedule and keeps as many snapshots as you choose, "
                        + "for example every night to a USB drive and a NAS, a week of dailies and a year of monthlies.",
                new Button("Add your first policy", click -> openDialog(null)));

        grid.setId("policies");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.addColumn(PolicyInfo::name).setHeader("Name").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(PoliciesView::status).setHeader("Status").setAutoWidth(true);
        grid.addColumn(policy -> PolicyDialog.text(policy.config().get("sources")) + " → "
                + PolicyDialog.text(policy.config().get("targets"))).setHeader("Backs up").setFlexGrow(1);
        grid.addColumn(policy -> schedule(policy)).setHeader("Schedule").setAutoWidth(true);
        grid.addColumn(policy -> policy.nextRun() == null ? "—" : Format.time(policy.nextRun())).setHeader("Next run")
                .setAutoWidth(true);
        grid.addColumn(policy -> policy.lastRun() == null ? "never"
                : Format.age(policy.lastRun()) + ", " + (policy.running() ? "running"
                        : String.valueOf(policy.lastOutcome()).toLowerCase(java.util.Locale.ROOT)))
                .setHeader("Last run").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);

        add(header, empty, grid);
        setMaxWidth("90em");
        Live.follow(this, shoebox.events(), ServerEvents.Topic.JOBS, this::refresh);
        addAttachListener(attach -> refresh());
    }

    private static Component status(PolicyInfo policy) {
        if (!policy.valid()) {
            Component badge = Badges.badge("Cannot run: " + String.join("; ", policy.problems()), Badges.Tone.BAD);
            badge.setId("problems-" + policy.name());
            return badge;
        }
        if (policy.overdue()) {
            return Badges.badge("Overdue", Badges.Tone.BAD);
        }
        if (!Boolean.parseBoolean(String.valueOf(policy.config().getOrDefault("enabled", "true")))) {
            return Badges.badge("Paused", Badges.Tone.NEUTRAL);
        }
        return Badges.badge(policy.running() ? "Running" : "Active", Badges.Tone.GOOD);
    }

    private static String schedule(PolicyInfo policy) {
        Object schedule = policy.config().get("schedule");
        return schedule == null || schedule.toString().isBlank() ? "by hand" : schedule.toString();
    }

    private void refresh() {
        List<PolicyInfo> policies = shoebox.policies().list();
        grid.setItems(policies);
        grid.setVisible(!policies.isEmpty());
        empty.setVisible(policies.isEmpty());
    }

    private Component actions(PolicyInfo policy) {
        Button run = new Button("Run now", VaadinIcon.PLAY.create(), click -> runNow(policy));
        run.setId("run-" + policy.name());
        run.setEnabled(policy.valid() && !policy.running());
        run.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        Button edit = new Button("Edit", click -> openDialog(policy));
        edit.setId("edit-" + policy.name());
        edit.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Button delete = new Button(VaadinIcon.TRASH.create(), click -> confirmDelete(policy));
        delete.setId("delete-" + policy.name());
        delete.setTooltipText("Remove this policy (its snapshots stay)");
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return new HorizontalLayout(run, edit, delete);
    }

    private void runNow(PolicyInfo policy) {
        try {
            int jobs = shoebox.policies().runNow(policy.name()).size();
            Notices.done("Policy " + policy.name() + " started" + (jobs > 0 ? ": " + jobs + " job(s) under way" : ""));
        } catch (RuntimeException e) {
            Notices.problem(Notices.message(e));
        }
        refresh();
    }

    private void openDialog(PolicyInfo policy) {
        new PolicyDialog(shoebox, policy, () -> {
            Notices.done(policy == null ? "Policy added" : "Policy saved");
            refresh();
        }).open();
    }

    private void confirmDelete(PolicyInfo policy) {
        ConfirmDialog confirm = new ConfirmDialog("Remove policy " + policy.name() + "?",
                "Its schedule stops. The snapshots it made stay until you prune them.", "Remove", click -> {
                    shoebox.policies().delete(policy.name());
                    refresh();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
