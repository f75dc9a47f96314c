package io.shoebox.console.internal.ui.photos;

import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import io.shoebox.api.admin.SourceInfo;
import io.shoebox.api.catalog.CatalogItem;
import io.shoebox.api.catalog.CatalogService;
import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.TimelineEntry;
import io.shoebox.console.internal.services.ServerEvents;
import io.shoebox.console.internal.services.Shoebox;
import io.shoebox.console.internal.ui.common.EmptyState;
import io.shoebox.console.internal.ui.common.Live;
import io.shoebox.console.internal.ui.common.Notices;
import io.shoebox.console.internal.ui.common.Paths;
import io.shoebox.console.internal.ui.shell.MainLayout;
import io.shoebox.console.internal.ui.snapshots.SnapshotsTabs;

/**
 * The photos and videos that are backed up, as the catalog knows them: filters, a timeline of years and
 * months, and a grid of thumbnails read a page at a time as the user scrolls down. A tile opens the
 * file's details. The catalog is a plugin: without it the view says so, and it comes to life when the
 * catalog is installed.
 */
@Route(value = Paths.PHOTOS, layout = MainLayout.class)
@PageTitle("Photos · Shoebox")
public class PhotosView extends VerticalLayout {

    private static final long serialVersionUID = 1L;

    /** Tiles read per page: a few screens' worth, so that scrolling rarely waits. */
    static final int PAGE_SIZE = 60;

    private final transient Shoebox shoebox;
    private final PhotoFilters filters = new PhotoFilters(this::requery);
    private final PhotoTimeline timeline = new PhotoTimeline(this::chooseMonth);
    private final Div tiles = new Div();
    private final Span summary = new Span();
    private final Button more = new Button("More");
    private final Paragraph problem = new Paragraph();
    private final Div search = new Div();
    private final EmptyState notInstalled = new EmptyState("The catalog is not installed",
            "This view searches the catalog of backed-up photos and videos, which the catalog plugin keeps. "
                    + "Install or start it on the Plugins page: it reads the snapshots already made, and their photos "
                    + "show here. Backups and restores work without it.");
    private final EmptyState noItems = new EmptyState("No photos in the catalog yet",
            "The catalog reads every backup as it finishes. Back up a source, and its photos and videos appear here.");
    private final EmptyState noMatch;

    private List<TimelineEntry> months = List.of();
    private YearMonth month;
    private int shown;
    private Boolean catalogPresent;

    public PhotosView(Shoebox shoebox) {
        this.shoebox = shoebox;
        H2 title = new H2("Snapshots");
        title.getStyle().set("margin", "0");
        Button refresh = new Button(VaadinIcon.REFRESH.create(), click -> requery());
        refresh.setId("photos-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.setAriaLabel("Search again");
        refresh.getElement().setAttribute("title", "Search again");
        HorizontalLayout header = new HorizontalLayout(title, refresh);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);

        notInstalled.setId("photos-not-installed");
        noItems.setId("photos-empty");
        Button clear = new Button("Clear the filters", click -> filters.clear());
        clear.setId("photos-clear");
        noMatch = new EmptyState("Nothing matches", "No backed-up photo or video matches these filters.", clear);
        noMatch.setId("photos-no-match");
        problem.setId("photos-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        problem.setVisible(false);

        summary.setId("photos-count");
        summary.getStyle().set("color", "var(--lumo-secondary-text-color)");
        tiles.setId("photos-grid");
        tiles.getStyle().set("display", "grid").set("gap", "var(--lumo-space-s)").set("width", "100%")
                .set("grid-template-columns", "repeat(auto-fill, minmax(min(45%, 9.5em), 1fr))");
        more.setId("photos-more");
        more.setDisableOnClick(true);
        more.addClickListener(click -> {
            loadPage();
            more.setEnabled(true);
        });
        // Reading on as the "More" button scrolls into view; clicking it does the same.
        more.addAttachListener(attach -> more.getElement().executeJs(
                "const button = this; new IntersectionObserver(seen => { if (seen.some(e => e.isIntersecting)"
                        + " && !button.disabled && button.offsetParent !== null) button.click(); },"
                        + " {rootMargin: '300px'}).observe(button);"));

        search.setWidthFull();
        search.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-m)");
        search.add(filters, timeline, summary, noMatch, tiles, more);

        add(header, SnapshotsTabs.of(SnapshotsTabs.Current.PHOTOS), notInstalled, noItems, problem, search);
        setMaxWidth("90em");
        addAttachListener(attach -> show());
        // The catalog plugin installed or removed, a source added or removed: shown without a reload.
        Live.follow(this, shoebox.events(), ServerEvents.Topic.PLUGINS, this::followPlugins);
    }

    private void show() {
        List<String> sources = shoebox.sources().list().stream().map(SourceInfo::name).toList();
        filters.sources(sources);
        boolean present = shoebox.catalog().isPresent();
        catalogPresent = present;
        notInstalled.setVisible(!present);
        if (!present) {
            search.setVisible(false);
            noItems.setVisible(false);
            problem.setVisible(false);
            tiles.removeAll();
            return;
        }
        requery();
    }

    private void followPlugins() {
        if (!Boolean.valueOf(shoebox.catalog().isPresent()).equals(catalogPresent)) {
            show();
        } else {
            filters.sources(shoebox.sources().list().stream().map(SourceInfo::name).toList());
        }
    }

    /** The filters changed: the timeline and the first page again. */
    private void requery() {
        CatalogService catalog = catalog();
        if (catalog == null) {
            return;
        }
        try {
            months = catalog.timeline(filters.query(null, 0, 1));
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (month != null && months.stream().noneMatch(entry -> entry.year() == month.getYear()
                && entry.month() == month.getMonthValue())) {
            month = null; // the chosen month has nothing left under these filters
        }
        timeline.show(months, month);
        firstPage();
    }

    private void chooseMonth(YearMonth chosen) {
        month = chosen;
        timeline.show(months, month);
        firstPage();
    }

    private void firstPage() {
        tiles.removeAll();
        shown = 0;
        loadPage();
    }

    private void loadPage() {
        CatalogService catalog = catalog();
        if (catalog == null) {
            return;
        }
        ItemPage page;
        try {
            page = catalog.search(filters.query(month, shown, PAGE_SIZE));
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        problem.setVisible(false);
        for (CatalogItem item : page.items()) {
            tiles.add(new PhotoTile(shoebox, item, this::open));
        }
        shown += page.items().size();
        long total = page.total();
        boolean everything = filters.isEmpty() && month == null;
        noItems.setVisible(total == 0 && everything);
        search.setVisible(!(total == 0 && everything));
        noMatch.setVisible(total == 0 && !everything);
        tiles.setVisible(total > 0);
        summary.setVisible(total > 0);
        summary.setText(summary(total));
        more.setVisible(shown < total && !page.items().isEmpty());
    }

    private String summary(long total) {
        String what = total == 1 ? "1 photo or video" : total + " photos and videos";
        if (month != null) {
            what += " taken in " + month.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear();
        }
        return shown < total ? what + ", the first " + shown + " shown" : what;
    }

    private void open(CatalogItem item) {
        CatalogItem details = item;
        CatalogService catalog = shoebox.catalog().orElse(null);
        if (catalog != null) {
            try {
                details = catalog.item(item.id()).orElse(item);
            } catch (RuntimeException e) {
                Notices.problem("The catalog cannot be read now: " + Notices.message(e));
            }
        }
        new PhotoDialog(shoebox, details).open();
    }

    /** The catalog now; when it has gone meanwhile, the view says so and {@code null} is returned. */
    private CatalogService catalog() {
        CatalogService catalog = shoebox.catalog().orElse(null);
        if (catalog == null && !Boolean.FALSE.equals(catalogPresent)) {
            show();
        }
        return catalog;
    }

    private void fail(RuntimeException e) {
        problem.setText("The catalog cannot be searched now: " + Notices.message(e));
        problem.setVisible(true);
        more.setVisible(false);
    }
}
