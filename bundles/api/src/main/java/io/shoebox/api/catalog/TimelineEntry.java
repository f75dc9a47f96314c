package io.shoebox.api.catalog;

/**
 * How many items matching a query were taken in one month. Items without a date taken are
 * counted under year 0, month 0.
 */
public record TimelineEntry(int year, int month, long count) {
}
