package io.shoebox.console.internal.ui.common;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages after an action: what happened, or what went wrong in the server's words. */
public final class Notices {

    private Notices() {
    }

    public static void done(String text) {
        Notification notification = Notification.show(text, 4000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    public static void problem(String text) {
        Notification notification = Notification.show(text, 8000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    /** The message of a refusal from a service: its own text, never a stack trace. */
    public static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
