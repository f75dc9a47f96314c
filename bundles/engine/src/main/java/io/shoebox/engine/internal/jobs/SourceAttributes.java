package io.shoebox.engine.internal.jobs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.shoebox.api.source.FileAttributes;
import io.shoebox.api.source.FileNames;
import io.shoebox.api.source.Source;
import io.shoebox.api.source.SourceEntry;
import io.shoebox.repository.Node;
import io.shoebox.repository.NodeAttributes;

/**
 * What a backup keeps of a source entry's attributes: mode, ownership, times and extended attributes,
 * and when an unchanged file's attributes must be read again.
 */
final class SourceAttributes {

    /**
     * Largest extended attribute kept. Trees hold them inline and are read whole; a larger one (a
     * macOS resource fork, say) is named in a warning instead.
     */
    static final int MAX_XATTR_BYTES = 64 * 1024;

    private final Source source;
    private final Consumer<String> warn;

    SourceAttributes(Source source, Consumer<String> warn) {
        this.source = source;
        this.warn = warn;
    }

    /** The mode a node records: the permission bits, or 0 when the source does not know them. */
    static int mode(SourceEntry entry) {
        return Math.max(0, entry.attributes().mode());
    }

    /** The entry's attributes with its extended attributes, read now; a failure to read them is warned about. */
    NodeAttributes of(SourceEntry entry) {
        FileAttributes attributes = entry.attributes();
        Map<String, byte[]> kept = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> xattr : source.extendedAttributes(entry).entrySet()) {
                if (xattr.getValue().length > MAX_XATTR_BYTES) {
                    warn.accept(FileNames.display(entry.path()) + ": extended attribute " + xattr.getKey() + " ("
                            + xattr.getValue().length + " bytes) is larger than " + MAX_XATTR_BYTES
                            + " bytes and is not backed up");
                } else {
                    kept.put(xattr.getKey(), xattr.getValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            warn.accept(FileNames.display(entry.path()) + ": its extended attributes could not be read ("
                    + e.getMessage() + ")");
        }
        return new NodeAttributes(attributes.uid(), attributes.gid(), attributes.user(), attributes.group(),
                attributes.changed(), attributes.created(), kept);
    }

    /**
     * Whether a file whose content is unchanged has other attributes now: its mode or owner differ,
     * or its status-change time moved (which is how a change of extended attributes shows).
     */
    static boolean changed(Node previous, SourceEntry entry) {
        FileAttributes now = entry.attributes();
        NodeAttributes before = previous.attributes();
        if (now.mode() >= 0 && now.mode() != previous.mode()) {
            return true;
        }
        if (now.uid() != before.uid() || now.gid() != before.gid() || !Objects.equals(now.user(), before.user())
                || !Objects.equals(now.group(), before.group())) {
            return true;
        }
        return now.changed() != null && !now.changed().equals(before.changed());
    }
}
