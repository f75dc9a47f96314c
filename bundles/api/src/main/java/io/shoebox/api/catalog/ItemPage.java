package io.shoebox.api.catalog;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items the items, in the query's order
 * @param total how many items match the query in all
 */
public record ItemPage(List<CatalogItem> items, long total) {
    public ItemPage {
        items = List.copyOf(items);
    }
}
