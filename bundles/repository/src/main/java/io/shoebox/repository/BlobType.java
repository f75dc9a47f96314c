package io.shoebox.repository;

/** What a blob holds. Data and trees never share a pack, so trees can be cached on their own. */
public enum BlobType {
    /** A chunk of a file's content. */
    DATA,
    /** A directory listing ({@link Tree}), compressed. */
    TREE
}
