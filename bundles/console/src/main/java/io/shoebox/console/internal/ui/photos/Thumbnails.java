package io.shoebox.console.internal.ui.photos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;

import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.CatalogService;
import io.shoebox.console.internal.services.Shoebox;

/**
 * Pictures of catalog items, and the few words that describe one: its file type, when it was taken and
 * with what. A thumbnail is read from the catalog when the browser asks for it, so only the tiles on
 * screen cost a read.
 */
final class Thumbnails {

    private static final DateTimeFormatter TAKEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Thumbnails() {
    }

    /**
     * The item's thumbnail, or a placeholder with its file type when the catalog made none. The image is
     * loaded lazily by the browser; should its thumbnail not be readable after all (its target went
     * away), the browser gets a neutral picture instead of a broken one.
     */
    static Component picture(Shoebox shoebox, CatalogItem item) {
        if (!item.hasThumbnail()) {
            return placeholder(item);
        }
        Image image = new Image(handler(shoebox, item), name(item));
        image.addClassName("photo-thumbnail");
        image.getElement().setAttribute("loading", "lazy");
        image.getElement().setAttribute("decoding", "async");
        square(image);
        image.getStyle().set("object-fit", "cover").set("display", "block").set("background", "var(--lumo-contrast-5pct)");
        return image;
    }

    static DownloadHandler handler(Shoebox shoebox, CatalogItem item) {
        return new Thumbnail(shoebox, item);
    }

    /** Serves one item's thumbnail when the browser asks for it. */
    private static final class Thumbnail implements DownloadHandler {
        private static final long serialVersionUID = 1L;
        private final transient Shoebox shoebox;
        private final CatalogItem item;

        Thumbnail(Shoebox shoebox, CatalogItem item) {
            this.shoebox = shoebox;
            this.item = item;
        }

        @Override
        public void handleDownloadRequest(DownloadEvent event) throws IOException {
            byte[] jpeg = read(shoebox, item.id()).orElse(null);
            if (jpeg == null) {
                byte[] svg = placeholderSvg(fileType(item)).getBytes(StandardCharsets.UTF_8);
                event.setContentType("image/svg+xml");
                event.setContentLength(svg.length);
                event.getOutputStream().write(svg);
                return;
            }
            event.setContentType("image/jpeg");
            event.setContentLength(jpeg.length);
            event.getOutputStream().write(jpeg);
        }

        /** Tiles scrolled into view while the details dialog is open still get their pictures. */
        @Override
        public boolean isAllowInert() {
            return true;
        }
    }

    private static Optional<byte[]> read(Shoebox shoebox, String id) {
        Optional<CatalogService> catalog = shoebox.catalog();
        if (catalog.isEmpty()) {
            return Optional.empty();
        }
        try {
            return catalog.get().thumbnail(id);
        } catch (IOException | RuntimeException e) {
            // No target holding it can be read now, the item left the catalog (NoSuchElementException), or
            // the catalog is stopping: the placeholder says enough, and the page stays whole.
            return Optional.empty();
        }
    }

    /** A grey square with an icon and the file type ("MOV", "HEIC"). */
    static Component placeholder(CatalogItem item) {
        Icon icon = (isVideo(item) ? VaadinIcon.FILM : VaadinIcon.PICTURE).create();
        icon.getStyle().set("width", "2.5em").set("height", "2.5em");
        Span type = new Span(fileType(item));
        type.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)");
        Div placeholder = new Div(icon, type);
        placeholder.addClassName("photo-placeholder");
        square(placeholder);
        placeholder.getStyle().set("display", "flex").set("flex-direction", "column").set("align-items", "center")
                .set("justify-content", "center").set("gap", "var(--lumo-space-xs)")
                .set("background", "var(--lumo-contrast-10pct)").set("color", "var(--lumo-secondary-text-color)");
        return placeholder;
    }

    private static void square(Component component) {
        component.getElement().getStyle().set("width", "100%").set("aspect-ratio", "1 / 1")
                .set("border-radius", "var(--lumo-border-radius-m)");
    }

    private static String placeholderSvg(String type) {
        String text = type.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<svg xmlns='http://www.w3.org/2000/svg' width='320' height='320' viewBox='0 0 320 320'>"
                + "<rect width='320' height='320' fill='#e8ebef'/>"
                + "<text x='160' y='172' font-family='sans-serif' font-size='40' font-weight='600' fill='#6b7480' "
                + "text-anchor='middle'>" + text + "</text></svg>";
    }

    /** The file's name without its folders. */
    static String name(CatalogItem item) {
        String path = item.path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The folder of the file, or "" at the source's root. */
    static String folder(CatalogItem item) {
        String path = item.path();
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** "JPG", "MOV"; the media type's subtype when the name has no extension. */
    static String fileType(CatalogItem item) {
        String name = name(item);
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            return name.substring(dot + 1).toUpperCase(Locale.ROOT);
        }
        String type = item.mediaType();
        if (type != null && type.contains("/")) {
            return type.substring(type.indexOf('/') + 1).toUpperCase(Locale.ROOT);
        }
        return "FILE";
    }

    static boolean isVideo(CatalogItem item) {
        return item.mediaType() != null && item.mediaType().startsWith("video/");
    }

    /** "2019-06-01 10:15", or empty when the file does not tell. */
    static String taken(CatalogItem item) {
        return item.takenAt() == null ? "" : TAKEN.format(item.takenAt());
    }

    /** Make and model, without the make twice ("Canon Canon EOS R5" is "Canon EOS R5"); empty when unknown. */
    static String camera(CatalogItem item) {
        String make = item.make() == null ? "" : item.make().strip();
        String model = item.model() == null ? "" : item.model().strip();
        if (model.isEmpty()) {
            return make;
        }
        if (make.isEmpty() || model.toLowerCase(Locale.ROOT).startsWith(make.toLowerCase(Locale.ROOT))) {
            return model;
        }
        return make + " " + model;
    }
}
