package io.shoebox.repository;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a snapshot keeps of a file's or folder's attributes besides its name, size, times and mode:
 * ownership, status-change and creation time, and extended attributes. Each is absent when the
 * source does not know it.
 *
 * @param uid numeric owner, or -1 when unknown
 * @param gid numeric group, or -1 when unknown
 * @param user owner's name on the source's system, or {@code null}
 * @param group group's name on the source's system, or {@code null}
 * @param changed status-change time (POSIX {@code ctime}): tells a later backup that mode, owner or
 *     extended attributes may have changed while the content did not; {@code null} when unknown
 * @param created creation (birth) time, kept only where the source knows one that differs from the
 *     modification time; {@code null} otherwise
 * @param xattrs extended attributes by name (for example {@code user.xdg.origin.url}), sorted
 */
public record NodeAttributes(long uid, long gid, String user, String group, Instant changed, Instant created,
        Map<String, byte[]> xattrs) {

    /** Nothing known. */
    public static final NodeAttributes NONE = new NodeAttributes(-1, -1, null, null, null, null, Map.of());

    public NodeAttributes {
        if (xattrs == null || xattrs.isEmpty()) {
            xattrs = Map.of();
        } else {
            TreeMap<String, byte[]> sorted = new TreeMap<>();
            xattrs.forEach((name, value) -> sorted.put(Objects.requireNonNull(name), value.clone()));
            xattrs = Collections.unmodifiableSortedMap(sorted);
        }
    }

    /** Whether nothing is known. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** These attributes with another status-change time. */
    public NodeAttributes withChanged(Instant newChanged) {
        return new NodeAttributes(uid, gid, user, group, newChanged, created, xattrs);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof NodeAttributes that)) {
            return false;
        }
        if (uid != that.uid || gid != that.gid || !Objects.equals(user, that.user) || !Objects.equals(group, that.group)
                || !Objects.equals(changed, that.changed) || !Objects.equals(created, that.created)
                || !xattrs.keySet().equals(that.xattrs.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> entry : xattrs.entrySet()) {
            if (!Arrays.equals(entry.getValue(), that.xattrs.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(uid, gid, user, group, changed, created);
        for (Map.Entry<String, byte[]> entry : xattrs.entrySet()) {
            hash = 31 * hash + entry.getKey().hashCode() * 17 + Arrays.hashCode(entry.getValue());
        }
        return hash;
    }

    @Override
    public String toString() {
        return "NodeAttributes[uid=" + uid + ", gid=" + gid + ", user=" + user + ", group=" + group + ", changed="
                + changed + ", created=" + created + ", xattrs=" + xattrs.keySet() + "]";
    }
}
