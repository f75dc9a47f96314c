package io.shoebox.console.internal.ui.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.data.provider.ListDataProvider;

/**
 * The rows of a grid of named things (targets, sources) kept in step with a fresh list: when the same
 * things are listed in the same order, only the rows whose thing changed are drawn again, so buttons in
 * the other rows stay the same elements (a click on them is never lost to a redraw); otherwise the
 * grid gets the new list.
 */
public final class GridRows<T> {

    private final Grid<T> grid;
    private final Function<T, String> name;
    private final List<T> rows = new ArrayList<>();
    private final ListDataProvider<T> provider;

    public GridRows(Grid<T> grid, Function<T, String> name) {
        this.grid = grid;
        this.name = name;
        this.provider = new ListDataProvider<>(rows) {
            private static final long serialVersionUID = 1L;

            @Override
            public Object getId(T item) {
                return name.apply(item);
            }
        };
        grid.setItems(provider);
    }

    /** Shows {@code fresh}, redrawing only what changed. */
    public void show(List<T> fresh) {
        if (!sameNames(fresh)) {
            rows.clear();
            rows.addAll(fresh);
            provider.refreshAll();
            return;
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (!Objects.equals(rows.get(i), fresh.get(i))) {
                rows.set(i, fresh.get(i));
                provider.refreshItem(fresh.get(i));
            }
        }
    }

    private boolean sameNames(List<T> fresh) {
        if (fresh.size() != rows.size()) {
            return false;
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (!name.apply(fresh.get(i)).equals(name.apply(rows.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The grid the rows are in. */
    public Grid<T> grid() {
        return grid;
    }
}
