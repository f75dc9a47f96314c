package io.shoebox.console.internal.ui.shell;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterListener;
import com.vaadin.flow.server.VaadinSession;

import io.shoebox.api.admin.AccountService;

/**
 * Who is signed in to this browser session: the REST API's admin account. The session forgets it when
 * it times out or the user signs out.
 */
public final class SignIn {

    private static final String USER = "shoebox.console.user";

    private SignIn() {
    }

    /** Signs in with the admin's credentials; false when they are wrong. */
    public static boolean signIn(AccountService accounts, String user, String password) {
        if (user == null || password == null || !accounts.verifyPassword(user, password)) {
            return false;
        }
        VaadinSession.getCurrent().setAttribute(USER, user);
        return true;
    }

    public static boolean isSignedIn() {
        VaadinSession session = VaadinSession.getCurrent();
        return session != null && session.getAttribute(USER) != null;
    }

    /** Ends the HTTP session (every tab of this browser) and shows the sign-in page. */
    public static void signOut() {
        UI ui = UI.getCurrent();
        VaadinSession.getCurrent().setAttribute(USER, null);
        ui.getPage().setLocation("login");
        VaadinSession.getCurrent().getSession().invalidate();
    }

    /** Sends every navigation to the sign-in page until the admin has signed in. */
    public static final class Guard implements BeforeEnterListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void beforeEnter(BeforeEnterEvent event) {
            if (!isSignedIn() && event.getNavigationTarget() != LoginView.class) {
                event.forwardTo(LoginView.class);
            }
        }
    }
}
