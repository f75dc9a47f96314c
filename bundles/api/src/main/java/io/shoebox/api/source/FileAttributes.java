package io.shoebox.api.source;

import java.time.Instant;

/**
 * What a source knows of a file's or folder's attributes besides its size and modification time.
 * Extended attributes are read only when asked for ({@link Source#extendedAttributes}), since most
 * backups never need them.
 *
 * @param mode POSIX file mode bits (permissions, set-id and sticky bits: {@code 07777}), or -1 when
 *     unknown
 * @param uid numeric owner, or -1 when unknown
 * @param gid numeric group, or -1 when unknown
 * @param user the owner's name, or {@code null} when unknown
 * @param group the group's name, or {@code null} when unknown
 * @param changed status-change time (POSIX {@code ctime}): it moves when mode, owner or extended
 *     attributes change, even when the content and modification time do not; {@code null} when unknown
 * @param created creation (birth) time where the medium records one, or {@code null}
 */
public record FileAttributes(int mode, long uid, long gid, String user, String group, Instant changed,
        Instant created) {

    /** Nothing known beyond size and modification time. */
    public static final FileAttributes UNKNOWN = new FileAttributes(-1, -1, -1, null, null, null, null);
}
