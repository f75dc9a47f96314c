package io.shoebox.console.internal.ui.common;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** The top of a list view: its title, and on the right the button that adds an item. */
public final class ViewHeader {

    private ViewHeader() {
    }

    /**
     * @param title the view's title, such as {@code Targets}
     * @param addLabel the button's text, such as {@code Add target}
     * @param addId the button's element id, for tests
     */
    public static HorizontalLayout withAdd(String title, String addLabel, String addId, Runnable add) {
        Button button = new Button(addLabel, VaadinIcon.PLUS.create(), click -> add.run());
        button.setId(addId);
        button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        H2 heading = new H2(title);
        heading.getStyle().set("margin", "0");
        HorizontalLayout header = new HorizontalLayout(heading, button);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(heading);
        return header;
    }
}
