package io.shoebox.metadata.media.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.adobe.internal.xmp.XMPDateTime;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.metadata.ErrorDirectory;
import com.drew.metadata.Metadata;
import com.drew.metadata.xmp.XmpReader;

import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/**
 * What an XMP packet says, in a file or in a sidecar: the date taken ({@code exif:DateTimeOriginal},
 * else {@code photoshop:DateCreated}, else {@code xmp:CreateDate}, which is all that many sidecar writers
 * set), the place ({@code exif:GPSLatitude} as {@code 48,9.003N}), the camera and the lens.
 */
final class XmpFacts {

    private static final String EXIF = "http://ns.adobe.com/exif/1.0/";
    private static final String EXIF_EX = "http://cipa.jp/exif/1.0/";
    private static final String TIFF = "http://ns.adobe.com/tiff/1.0/";
    private static final String AUX = "http://ns.adobe.com/exif/1.0/aux/";
    private static final String PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/";
    private static final String XMP = "http://ns.adobe.com/xap/1.0/";

    /** XMP's GPS coordinate: {@code DDD,MM,SSk} or {@code DDD,MM.mmk}, k one of N, S, E, W. */
    private static final Pattern COORDINATE = Pattern.compile(
            "\\s*(\\d{1,3})\\s*,\\s*(\\d{1,2}(?:\\.\\d+)?)\\s*(?:,\\s*(\\d{1,2}(?:\\.\\d+)?)\\s*)?([NSEWnsew])\\s*");

    /**
     * XMP packets larger than this are not parsed: the parser builds a DOM several times the packet's
     * size, and real packets (sidecars with an edit history included) stay far below it.
     */
    static final int MAX_PACKET = 4 << 20;

    private final XMPMeta xmp;

    /** Parses an XMP packet into {@code metadata} with metadata-extractor, unless it is too large. */
    static void read(byte[] packet, int offset, int length, Metadata metadata) {
        if (length > MAX_PACKET) {
            metadata.addDirectory(new ErrorDirectory("XMP packet of " + length + " bytes not read"));
            return;
        }
        new XmpReader().extract(packet, offset, length, metadata, null);
    }

    static void read(byte[] packet, Metadata metadata) {
        read(packet, 0, packet.length, metadata);
    }

    XmpFacts(XMPMeta xmp) {
        this.xmp = xmp;
    }

    void offerTo(MetadataBuilder builder) {
        for (String[] date : new String[][] {{EXIF, "DateTimeOriginal"}, {PHOTOSHOP, "DateCreated"}, {XMP, "CreateDate"}}) {
            Stamp stamp = date(date[0], date[1]);
            if (stamp != null) {
                builder.takenAt(stamp, TakenAtOrigin.XMP);
                break;
            }
        }
        builder.make(text(TIFF, "Make"));
        builder.model(text(TIFF, "Model"));
        builder.lens(text(EXIF_EX, "LensModel"));
        builder.lens(text(AUX, "Lens"));
        builder.orientation(integer(TIFF, "Orientation"));
        if (!builder.hasPosition()) {
            Double lat = coordinate(text(EXIF, "GPSLatitude"));
            Double lon = coordinate(text(EXIF, "GPSLongitude"));
            builder.position(lat, lon);
            if (lat != null && lon != null) {
                Double altitude = rational(text(EXIF, "GPSAltitude"));
                if (altitude != null) {
                    builder.altitude("1".equals(text(EXIF, "GPSAltitudeRef")) ? -altitude : altitude);
                }
            }
        }
    }

    private String text(String namespace, String name) {
        try {
            return xmp.getPropertyString(namespace, name);
        } catch (XMPException | RuntimeException e) {
            return null;
        }
    }

    private Integer integer(String namespace, String name) {
        String value = text(namespace, name);
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A date with hours and minutes at least; XMP allows a year alone, which says too little. */
    private Stamp date(String namespace, String name) {
        XMPDateTime date;
        try {
            date = xmp.getPropertyDate(namespace, name);
        } catch (XMPException | RuntimeException e) {
            return null;
        }
        if (date == null || !date.hasDate() || !date.hasTime()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(date.getYear(), date.getMonth(), date.getDay(),
                    date.getHour(), date.getMinute(), date.getSecond());
            if (local.getYear() < 1800 || local.getYear() > 2200) {
                return null;
            }
            ZoneOffset offset = date.hasTimeZone() && date.getTimeZone() != null
                    ? ZoneOffset.ofTotalSeconds(date.getTimeZone().getRawOffset() / 1000) : null;
            return new Stamp(local, offset);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** Signed decimal degrees from {@code 48,9.003N} or {@code 48,9,0.18N}. */
    static Double coordinate(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = COORDINATE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        double degrees = Integer.parseInt(m.group(1)) + Double.parseDouble(m.group(2)) / 60
                + (m.group(3) == null ? 0 : Double.parseDouble(m.group(3)) / 3600);
        char ref = Character.toUpperCase(m.group(4).charAt(0));
        return ref == 'S' || ref == 'W' ? -degrees : degrees;
    }

    /** {@code 1234/10} or {@code 123.4}. */
    private static Double rational(String value) {
        if (value == null) {
            return null;
        }
        try {
            int slash = value.indexOf('/');
            if (slash < 0) {
                return Double.valueOf(value.trim());
            }
            double denominator = Double.parseDouble(value.substring(slash + 1).trim());
            return denominator == 0 ? null : Double.parseDouble(value.substring(0, slash).trim()) / denominator;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
