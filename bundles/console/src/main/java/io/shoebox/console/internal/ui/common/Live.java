package io.shoebox.console.internal.ui.common;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;

import io.shoebox.console.internal.services.ServerEvents;

/** Keeps a component up to date while it is on screen, by push, from the server's events. */
public final class Live {

    private Live() {
    }

    /**
     * Runs {@code refresh} in the UI after each change on {@code topic}, from attach to detach. The
     * subscription ends with the component, so a closed tab leaves nothing behind.
     */
    public static void follow(Component component, ServerEvents events, ServerEvents.Topic topic, Runnable refresh) {
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            AutoCloseable subscription = events.subscribe(topic, () -> ui.access(refresh::run));
            component.addDetachListener(detach -> {
                try {
                    subscription.close();
                } catch (Exception e) {
                    // nothing held
                }
                detach.unregisterListener();
            });
        });
    }
}
