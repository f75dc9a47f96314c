package io.shoebox.metadata.media.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link IsoMediaReader} found in a QuickTime, MP4, HEIF or CR3 file, before interpretation. */
final class IsoMedia {

    /** The movie header's creation time, seconds since 1904 in UTC; 0 when unset. */
    long creationTime;
    long timescale;
    long duration;

    /** The first video track's size and rotation (0, 90, 180 or 270 degrees clockwise). */
    Integer videoWidth;
    Integer videoHeight;
    int videoRotation;

    /** QuickTime metadata keys ({@code com.apple.quicktime.creationdate}, ...) and their text values. */
    final Map<String, String> keys = new LinkedHashMap<>();
    /** QuickTime user data texts by their four-character code ({@code ©xyz}, {@code ©day}, ...). */
    final Map<String, String> userData = new LinkedHashMap<>();

    /** The 3GPP location ({@code loci}): latitude, longitude, altitude. */
    double[] location3gpp;

    /** XMP packets. */
    final List<byte[]> xmp = new ArrayList<>();
    /** TIFF structures holding EXIF: a HEIF Exif item, a CR3's CMT boxes. */
    final List<byte[]> exif = new ArrayList<>();
    /** Embedded JPEG previews (CR3 THMB and PRVW), when asked for. */
    final List<byte[]> previews = new ArrayList<>();

    /** The HEIF primary item's size and the orientation its transformations amount to. */
    Integer primaryWidth;
    Integer primaryHeight;
    Integer primaryOrientation;

    final List<String> problems = new ArrayList<>();

    void problem(String problem) {
        if (problems.size() < 10) {
            problems.add(problem);
        }
    }
}
