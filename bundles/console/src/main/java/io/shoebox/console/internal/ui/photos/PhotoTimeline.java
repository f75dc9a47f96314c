package io.shoebox.console.internal.ui.photos;

import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

import io.shoebox.api.catalog.TimelineEntry;

/**
 * The years and months the matching items were taken in, newest first, with their counts. Choosing a
 * month narrows the grid to it; choosing it again, or "All dates", widens it again. Items without a
 * date are counted apart, as they belong to no month.
 */
class PhotoTimeline extends Div {

    private static final long serialVersionUID = 1L;

    private final transient Consumer<YearMonth> choose;
    private List<TimelineEntry> entries = List.of();
    private YearMonth chosen;

    PhotoTimeline(Consumer<YearMonth> choose) {
        this.choose = choose;
        setId("photos-timeline");
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-xs)")
                .set("width", "100%");
    }

    /** Shows {@code entries} (newest first) with {@code chosen} marked. */
    void show(List<TimelineEntry> entries, YearMonth chosen) {
        this.entries = List.copyOf(entries);
        this.chosen = chosen;
        render();
    }

    private void render() {
        removeAll();
        if (entries.isEmpty()) {
            return;
        }
        Map<Integer, List<TimelineEntry>> years = new LinkedHashMap<>();
        long undated = 0;
        for (TimelineEntry entry : entries) {
            if (entry.year() == 0 || entry.month() < 1 || entry.month() > 12) {
                undated += entry.count();
            } else {
                years.computeIfAbsent(entry.year(), year -> new ArrayList<>()).add(entry);
            }
        }
        Button all = new Button("All dates", click -> choose.accept(null));
        all.setId("timeline-all");
        all.addThemeVariants(ButtonVariant.LUMO_SMALL, chosen == null ? ButtonVariant.LUMO_PRIMARY : ButtonVariant.LUMO_TERTIARY);
        add(row(all));
        years.forEach((year, months) -> {
            long count = months.stream().mapToLong(TimelineEntry::count).sum();
            Span label = new Span(year + " · " + count);
            label.addClassName("timeline-year");
            label.getStyle().set("font-weight", "600").set("min-width", "6.5em");
            Div row = row(label);
            for (TimelineEntry entry : months) {
                row.add(month(YearMonth.of(entry.year(), entry.month()), entry.count()));
            }
            add(row);
        });
        if (undated > 0) {
            Span label = new Span("No date · " + undated);
            label.setId("timeline-undated");
            label.getStyle().set("color", "var(--lumo-secondary-text-color)");
            label.setTitle("Files that do not tell when they were taken; the date filters leave them out");
            add(row(label));
        }
    }

    private Button month(YearMonth month, long count) {
        String name = month.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        Button button = new Button(name + " " + count, click -> choose.accept(month.equals(chosen) ? null : month));
        button.setId(String.format(Locale.ROOT, "timeline-%04d-%02d", month.getYear(), month.getMonthValue()));
        button.addClassName("timeline-month");
        button.getElement().setAttribute("data-count", String.valueOf(count));
        button.getElement().setAttribute("aria-pressed", String.valueOf(month.equals(chosen)));
        button.getElement().setAttribute("title", month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear()
                + ": " + count + (count == 1 ? " item" : " items"));
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        if (month.equals(chosen)) {
            button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        return button;
    }

    private static Div row(com.vaadin.flow.component.Component first) {
        Div row = new Div(first);
        row.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center")
                .set("gap", "var(--lumo-space-xs)");
        return row;
    }
}
