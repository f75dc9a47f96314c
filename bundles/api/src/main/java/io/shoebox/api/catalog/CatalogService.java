package io.shoebox.api.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Searching the photos and videos that are backed up. The catalog follows finished backups on
 * its own; {@link #rebuild()} recreates it from the repositories alone.
 */
@ProviderType
public interface CatalogService {

    /** One page of items matching a query. */
    ItemPage search(ItemQuery query);

    /** Items matching a query (its offset and limit ignored) per month taken, newest first. */
    List<TimelineEntry> timeline(ItemQuery query);

    /** An item by its id. */
    Optional<CatalogItem> item(String id);

    /**
     * An item's thumbnail as JPEG bytes, read from the repository of a target that holds it and
     * cached on the server.
     *
     * @return the bytes, or empty when no thumbnail was made for the item
     * @throws java.util.NoSuchElementException when there is no such item
     * @throws IOException when no target holding the thumbnail can be read
     */
    Optional<byte[]> thumbnail(String id) throws IOException;

    /**
     * Identical files in the newest snapshot of every source on a target.
     *
     * @param target a target's name, or {@code null} for the target holding the most items
     */
    DuplicatesReport duplicates(String target);

    /**
     * Drops the catalog and reads every snapshot of every available target again. A target that cannot
     * be read does not stop the others.
     *
     * @return the state after the rebuild, naming the targets it could not read
     * @throws IllegalStateException when a rebuild is already running
     */
    CatalogStatus rebuild() throws IOException;

    CatalogStatus status();
}
