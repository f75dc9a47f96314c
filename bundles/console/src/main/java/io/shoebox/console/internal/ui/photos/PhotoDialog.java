package io.shoebox.console.internal.ui.photos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.ItemVersion;
import io.shoebox.api.source.FileNames;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.Format;

/**
 * Everything the catalog knows of one file: where it is, when and with what it was taken, where, its
 * size, the snapshots that hold its versions, the files that belong to it, and what went wrong reading it.
 */
class PhotoDialog extends Dialog {

    private static final long serialVersionUID = 1L;

    PhotoDialog(Shoebox shoebox, CatalogItem item) {
        setId("photo-dialog");
        setHeaderTitle(Thumbnails.name(item));
        setWidth("min(52em, 100vw)");

        Component picture = Thumbnails.picture(shoebox, item);
        Div pictureBox = new Div(picture);
        pictureBox.getStyle().set("flex", "0 1 18em").set("min-width", "10em").set("max-width", "320px");

        Div facts = new Div();
        facts.setId("photo-facts");
        facts.getStyle().set("display", "grid").set("grid-template-columns", "max-content minmax(0, 1fr)")
                .set("gap", "var(--lumo-space-xs) var(--lumo-space-m)").set("flex", "1 1 22em").set("min-width", "0")
                .set("align-content", "start");
        fact(facts, "Path", text(FileNames.display(item.path())), "photo-path");
        fact(facts, "Source", text(item.source()), "photo-source");
        fact(facts, "Taken", text(taken(item)), "photo-taken");
        fact(facts, "Camera", text(orUnknown(Thumbnails.camera(item))), "photo-camera");
        fact(facts, "Lens", text(orUnknown(item.lens())), "photo-lens");
        fact(facts, "Place", place(item), "photo-place");
        fact(facts, "Size", text(size(item)), "photo-size");
        fact(facts, "Modified", text(Format.time(item.modified())), "photo-modified");
        fact(facts, "Backed up", versions(item.versions()), "photo-versions");
        fact(facts, "Sidecars", item.sidecars().isEmpty() ? text("none") : list(item.sidecars()), "photo-sidecars");
        if (item.livePhotoPair() != null) {
            fact(facts, "Live Photo", text((Thumbnails.isVideo(item) ? "the video; its photo is " : "the photo; its video is ")
                    + item.livePhotoPair()), "photo-live-pair");
        }
        if (!item.warnings().isEmpty()) {
            UnorderedList warnings = list(item.warnings());
            warnings.getStyle().set("color", "var(--lumo-error-text-color)");
            fact(facts, "Warnings", warnings, "photo-warnings");
        }

        Div content = new Div(pictureBox, facts);
        content.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-l)")
                .set("align-items", "flex-start");
        add(content);

        Button close = new Button("Close", click -> close());
        close.setId("photo-close");
        getFooter().add(close);
    }

    private static void fact(Div facts, String label, Component value, String id) {
        Span name = new Span(label);
        name.getStyle().set("color", "var(--lumo-secondary-text-color)");
        value.setId(id);
        value.getElement().getStyle().set("overflow-wrap", "anywhere").set("margin", "0");
        facts.add(name, value);
    }

    private static Span text(String text) {
        return new Span(text);
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    /** "2019-06-01 10:15 +01:00, from EXIF". */
    static String taken(CatalogItem item) {
        if (item.takenAt() == null) {
            return "unknown (the file does not tell)";
        }
        StringBuilder taken = new StringBuilder(Thumbnails.taken(item));
        if (item.takenAt().getSecond() != 0) {
            taken.append(String.format(Locale.ROOT, ":%02d", item.takenAt().getSecond()));
        }
        taken.append(item.takenAtOffset() == null ? " (local time, no time zone)" : " " + item.takenAtOffset());
        if (item.takenAtOrigin() != null) {
            taken.append(", from ").append(item.takenAtOrigin());
        }
        return taken.toString();
    }

    private static Component place(CatalogItem item) {
        if (item.latitude() == null || item.longitude() == null) {
            return text("unknown");
        }
        String position = String.format(Locale.ROOT, "%.5f, %.5f", item.latitude(), item.longitude());
        if (item.altitude() != null) {
            position += String.format(Locale.ROOT, ", %.0f m", item.altitude());
        }
        Anchor map = new Anchor(String.format(Locale.ROOT, "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=15/%.6f/%.6f",
                item.latitude(), item.longitude(), item.latitude(), item.longitude()), "map");
        map.setTarget(AnchorTarget.BLANK);
        map.getElement().setAttribute("rel", "noopener noreferrer");
        return new Span(new Span(position + " "), map);
    }

    private static String size(CatalogItem item) {
        StringBuilder size = new StringBuilder(Format.bytes(item.size()));
        if (item.width() != null && item.height() != null) {
            size.append(", ").append(item.width()).append(" × ").append(item.height()).append(" px");
        }
        if (item.durationMillis() != null) {
            size.append(", ").append(Format.duration(Duration.ofMillis(item.durationMillis())));
        }
        if (item.mediaType() != null) {
            size.append(" (").append(item.mediaType()).append(')');
        }
        return size.toString();
    }

    private static Component versions(List<ItemVersion> versions) {
        if (versions.isEmpty()) {
            Span none = new Span("in no snapshot the catalog has read");
            none.getStyle().set("color", "var(--lumo-error-text-color)");
            return none;
        }
        UnorderedList list = new UnorderedList();
        for (ItemVersion version : versions) {
            String id = version.snapshotId() == null ? "" : version.snapshotId().substring(0, Math.min(8, version.snapshotId().length()));
            ListItem entry = new ListItem(version.target() + ": snapshot " + id + " of " + Format.time(version.snapshotTime())
                    + " (" + Format.age(version.snapshotTime()) + "), " + Format.bytes(version.size()));
            entry.addClassName("photo-version");
            entry.getElement().setAttribute("data-target", version.target());
            list.add(entry);
        }
        compact(list);
        return list;
    }

    private static UnorderedList list(List<String> items) {
        UnorderedList list = new UnorderedList();
        items.forEach(item -> list.add(new ListItem(item)));
        compact(list);
        return list;
    }

    private static void compact(UnorderedList list) {
        list.getStyle().set("padding-left", "1.1em").set("margin", "0");
    }
}
