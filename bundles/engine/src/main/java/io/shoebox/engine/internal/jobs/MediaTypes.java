package io.shoebox.engine.internal.jobs;

import java.util.Locale;
import java.util.Map;

/**
 * Media types of photo and video files by their name, for selection rules. Cheap enough to ask for
 * every file of a large library; content-based detection belongs to metadata extractors.
 */
final class MediaTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("png", "image/png"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("dng", "image/x-adobe-dng"), Map.entry("cr2", "image/x-canon-cr2"),
            Map.entry("cr3", "image/x-canon-cr3"), Map.entry("nef", "image/x-nikon-nef"),
            Map.entry("arw", "image/x-sony-arw"), Map.entry("raf", "image/x-fuji-raf"),
            Map.entry("orf", "image/x-olympus-orf"), Map.entry("rw2", "image/x-panasonic-rw2"),
            Map.entry("mov", "video/quicktime"), Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/x-m4v"),
            Map.entry("3gp", "video/3gpp"), Map.entry("avi", "video/x-msvideo"), Map.entry("mts", "video/mp2t"),
            Map.entry("xmp", "application/rdf+xml"), Map.entry("aae", "application/xml"));

    private MediaTypes() {
    }

    /** The media type a file name suggests, or {@code null} when it suggests none. */
    static String byName(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return null;
        }
        return BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
