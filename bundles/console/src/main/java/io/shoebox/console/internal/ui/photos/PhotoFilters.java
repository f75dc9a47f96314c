package io.shoebox.console.internal.ui.photos;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

import io.shoebox.api.catalog.ItemQuery;

/**
 * What to look for: when (from, to), with which camera, which words, photos or videos, which source and
 * folder. Every change is reported at once (text after a short pause in typing), so the view re-queries.
 */
class PhotoFilters extends Div {

    private static final long serialVersionUID = 1L;

    /** Photos, videos, or both; the catalog takes a media type family. */
    enum Kind {
        ALL("Photos and videos", null), PHOTOS("Photos", "image"), VIDEOS("Videos", "video");

        final String label;
        final String mediaType;

        Kind(String label, String mediaType) {
            this.label = label;
            this.mediaType = mediaType;
        }
    }

    private final DatePicker from = new DatePicker("Taken from");
    private final DatePicker to = new DatePicker("Taken to");
    private final TextField camera = new TextField("Camera");
    private final TextField text = new TextField("Words");
    private final Select<Kind> kind = new Select<>();
    private final Select<String> source = new Select<>();
    private final TextField folder = new TextField("Folder");
    private final transient Runnable changed;
    private List<String> sourceNames = List.of();
    /** Set while fields are changed here (cleared, refilled), so that they cause one re-query or none. */
    private boolean clearing;

    PhotoFilters(Runnable changed) {
        this.changed = changed;
        setId("photos-filters");
        getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "0 var(--lumo-space-m)")
                .set("align-items", "baseline").set("width", "100%");

        DatePicker.DatePickerI18n isoDates = new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd");
        for (DatePicker date : List.of(from, to)) {
            date.setI18n(isoDates);
            date.setClearButtonVisible(true);
            date.setPlaceholder("yyyy-mm-dd");
            date.setWidth("10em");
        }
        from.setId("photos-filter-from");
        to.setId("photos-filter-to");
        to.setHelperText("inclusive");
        from.addValueChangeListener(change -> to.setMin(change.getValue()));
        to.addValueChangeListener(change -> from.setMax(change.getValue()));

        camera.setId("photos-filter-camera");
        camera.setPlaceholder("Canon, iPhone 12");
        text.setId("photos-filter-text");
        text.setPlaceholder("in the path, camera or lens");
        folder.setId("photos-filter-folder");
        folder.setPlaceholder("DCIM/100APPLE");
        for (TextField field : List.of(camera, text, folder)) {
            field.setClearButtonVisible(true);
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.setWidth("12em");
        }
        text.setWidth("14em");

        kind.setId("photos-filter-type");
        kind.setLabel("Type");
        kind.setItems(Kind.values());
        kind.setItemLabelGenerator(k -> k.label);
        kind.setValue(Kind.ALL);
        kind.setWidth("12em");

        source.setId("photos-filter-source");
        source.setLabel("Source");
        source.setEmptySelectionAllowed(true);
        source.setEmptySelectionCaption("All sources");
        source.setWidth("10em");

        Button clear = new Button("Clear", VaadinIcon.CLOSE_SMALL.create(), click -> clear());
        clear.setId("photos-filter-clear");
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        add(from, to, camera, text, kind, source, folder, clear);
        for (Component input : List.of(from, to, camera, text, kind, source, folder)) {
            ((AbstractField<?, ?>) input).addValueChangeListener(change -> {
                if (!clearing) {
                    changed.run();
                }
            });
        }
    }

    /**
     * The sources to choose from; the chosen one stays chosen while it exists. Only a chosen source that
     * went away changes the query.
     */
    void sources(List<String> names) {
        if (names.equals(sourceNames)) {
            return;
        }
        sourceNames = List.copyOf(names);
        String chosen = source.getValue();
        clearing = true;
        try {
            source.setItems(sourceNames);
            if (chosen != null && sourceNames.contains(chosen)) {
                source.setValue(chosen);
            }
        } finally {
            clearing = false;
        }
        if (chosen != null && !sourceNames.contains(chosen)) {
            changed.run();
        }
    }

    /** All filters back to "everything", with one re-query. */
    void clear() {
        clearing = true;
        try {
            from.clear();
            to.clear();
            camera.clear();
            text.clear();
            kind.setValue(Kind.ALL);
            source.clear();
            folder.clear();
        } finally {
            clearing = false;
        }
        changed.run();
    }

    boolean isEmpty() {
        return from.isEmpty() && to.isEmpty() && camera.isEmpty() && text.isEmpty() && kind.getValue() == Kind.ALL
                && source.isEmpty() && folder.isEmpty();
    }

    /**
     * The catalog query these filters describe, narrowed to {@code month} when one is chosen in the
     * timeline, for the page at {@code offset}.
     */
    ItemQuery query(YearMonth month, int offset, int limit) {
        LocalDateTime takenFrom = from.getValue() == null ? null : from.getValue().atStartOfDay();
        LocalDateTime takenTo = to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay();
        if (month != null) {
            LocalDateTime monthStart = month.atDay(1).atStartOfDay();
            LocalDateTime monthEnd = month.plusMonths(1).atDay(1).atStartOfDay();
            takenFrom = takenFrom == null || takenFrom.isBefore(monthStart) ? monthStart : takenFrom;
            takenTo = takenTo == null || takenTo.isAfter(monthEnd) ? monthEnd : takenTo;
        }
        Kind chosenKind = kind.getValue() == null ? Kind.ALL : kind.getValue();
        return new ItemQuery(takenFrom, takenTo, blankToNull(camera.getValue()), source.getValue(),
                blankToNull(folder.getValue()), chosenKind.mediaType, null, blankToNull(text.getValue()), offset, limit);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
