package io.shoebox.console.internal.ui.photos;

import java.util.function.Consumer;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.source.FileNames;
import io.shoebox.console.internal.services.Shoebox;

/** One photo or video in the grid: its thumbnail, name, date taken and camera. A click, or Enter, opens its details. */
class PhotoTile extends Div {

    private static final long serialVersionUID = 1L;

    PhotoTile(Shoebox shoebox, CatalogItem item, Consumer<CatalogItem> open) {
        addClassName("photo-tile");
        getElement().setAttribute("data-id", item.id());
        getElement().setAttribute("data-path", item.path());
        getElement().setAttribute("tabindex", "0");
        getElement().setAttribute("role", "button");
        getElement().setAttribute("title", item.source() + ": " + FileNames.display(item.path()));

        Span name = line(Thumbnails.name(item), "photo-name");
        name.getStyle().set("font-weight", "500").set("color", "var(--lumo-body-text-color)");
        String taken = Thumbnails.taken(item);
        Span date = line(taken.isEmpty() ? "no date" : taken, "photo-date");
        String camera = Thumbnails.camera(item);
        Span cameraLine = line(camera.isEmpty() ? "\u00a0" : camera, "photo-camera");
        add(Thumbnails.picture(shoebox, item), name, date, cameraLine);

        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px").set("cursor", "pointer")
                .set("padding", "var(--lumo-space-xs)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-base-color)").set("box-shadow", "var(--lumo-box-shadow-xs)")
                .set("min-width", "0");
        addClickListener(click -> open.accept(item));
        getElement().addEventListener("keydown", key -> open.accept(item)).setFilter("event.key === 'Enter'");
    }

    private static Span line(String text, String className) {
        Span line = new Span(text);
        line.addClassName(className);
        line.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)")
                .set("white-space", "nowrap").set("overflow", "hidden").set("text-overflow", "ellipsis");
        return line;
    }
}
