package io.shoebox.console.internal.ui.common;

import com.vaadin.flow.component.html.Span;

/** Small coloured labels for states, in Lumo's badge style. */
public final class Badges {

    private Badges() {
    }

    public enum Tone { GOOD, WARN, BAD, NEUTRAL, BUSY }

    public static Span badge(String text, Tone tone) {
        Span badge = new Span(text);
        badge.addClassName("badge");
        String color = switch (tone) {
            case GOOD -> "var(--lumo-success-text-color)";
            case WARN -> "hsl(30, 100%, 32%)";
            case BAD -> "var(--lumo-error-text-color)";
            case BUSY -> "var(--lumo-primary-text-color)";
            case NEUTRAL -> "var(--lumo-secondary-text-color)";
        };
        String background = switch (tone) {
            case GOOD -> "var(--lumo-success-color-10pct)";
            case WARN -> "hsla(40, 100%, 50%, 0.16)";
            case BAD -> "var(--lumo-error-color-10pct)";
            case BUSY -> "var(--lumo-primary-color-10pct)";
            case NEUTRAL -> "var(--lumo-contrast-5pct)";
        };
        badge.getStyle().set("color", color).set("background", background).set("border-radius", "var(--lumo-border-radius-m)")
                .set("padding", "0.1em 0.6em").set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500")
                .set("white-space", "nowrap");
        return badge;
    }
}
