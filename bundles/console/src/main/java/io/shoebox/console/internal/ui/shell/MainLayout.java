package io.shoebox.console.internal.ui.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;

import io.shoebox.console.internal.ui.common.Paths;

/** The shell of every signed-in view: a title bar, side navigation (a drawer on narrow screens), sign-out. */
public class MainLayout extends AppLayout {

    private static final long serialVersionUID = 1L;

    public MainLayout() {
        Span title = new Span("Shoebox");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("font-weight", "600");
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> SignIn.signOut());
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), title, signOut);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(title);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(bar);

        SideNavItem snapshots = new SideNavItem("Snapshots", Paths.SNAPSHOTS, VaadinIcon.CLOCK.create());
        snapshots.setMatchNested(true); // its Photos tab is snapshots/photos
        SideNav navigation = new SideNav();
        navigation.setId("navigation");
        navigation.addItem(
                new SideNavItem("Dashboard", Paths.DASHBOARD, VaadinIcon.DASHBOARD.create()),
                new SideNavItem("Targets", Paths.TARGETS, VaadinIcon.HARDDRIVE.create()),
                new SideNavItem("Sources", Paths.SOURCES, VaadinIcon.PICTURE.create()),
                new SideNavItem("Policies", Paths.POLICIES, VaadinIcon.CALENDAR_CLOCK.create()),
                new SideNavItem("Jobs", Paths.JOBS, VaadinIcon.TASKS.create()),
                snapshots,
                new SideNavItem("Plugins", Paths.PLUGINS, VaadinIcon.PLUG.create()));
        navigation.getStyle().set("margin", "var(--lumo-space-s)");
        addToDrawer(navigation);
        setPrimarySection(Section.DRAWER);
    }
}
