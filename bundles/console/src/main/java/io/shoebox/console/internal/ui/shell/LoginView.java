package io.shoebox.console.internal.ui.shell;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Paths;

/** Sign-in with the admin account of the REST API. */
@Route(Paths.LOGIN)
@PageTitle("Sign in · Shoebox")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private static final long serialVersionUID = 1L;

    public LoginView(Shoebox shoebox) {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);

        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getForm().setUsername("User");
        i18n.getErrorMessage().setTitle("Wrong user or password");
        i18n.getErrorMessage().setMessage("Sign in as admin with the admin password of this server "
                + "(SHOEBOX_ADMIN_PASSWORD, or the one in data/initial-admin-password).");
        LoginForm form = new LoginForm(i18n);
        form.setId("login-form");
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(event -> {
            if (SignIn.signIn(shoebox.accounts(), event.getUsername(), event.getPassword())) {
                getUI().ifPresent(ui -> ui.navigate(""));
            } else {
                form.setError(true);
                form.setEnabled(true);
            }
        });

        H1 title = new H1("Shoebox");
        title.getStyle().set("margin", "0");
        Paragraph tagline = new Paragraph("Backups of your photo libraries");
        tagline.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin-top", "0");
        add(title, tagline, form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (SignIn.isSignedIn()) {
            event.forwardTo("");
        }
    }
}
