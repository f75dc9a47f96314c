package io.shoebox.console.internal.ui.common;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;

/** What a new user sees where a list is empty: what the list is for, and what to do first. */
public class EmptyState extends Div {

    private static final long serialVersionUID = 1L;

    public EmptyState(String title, String text, Component... actions) {
        addClassName("empty-state");
        H3 heading = new H3(title);
        heading.getStyle().set("margin", "0 0 var(--lumo-space-s) 0");
        Paragraph paragraph = new Paragraph(text);
        paragraph.getStyle().set("color", "var(--lumo-secondary-text-color)").set("margin", "0 0 var(--lumo-space-m) 0");
        add(heading, paragraph);
        add(actions);
        getStyle().set("border", "1px dashed var(--lumo-contrast-30pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-l)").set("max-width", "40em");
    }
}
