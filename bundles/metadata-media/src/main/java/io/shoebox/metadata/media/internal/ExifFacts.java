package io.shoebox.metadata.media.internal;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.exif.PanasonicRawIFD0Directory;
import com.drew.metadata.exif.makernotes.AppleMakernoteDirectory;
import com.drew.metadata.exif.makernotes.CanonMakernoteDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.xmp.XmpDirectory;

import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/**
 * What metadata-extractor found in EXIF structures (a JPEG's APP1 segment, a TIFF or raw file, a HEIF
 * Exif item, a CR3's CMT boxes), offered to a {@link MetadataBuilder}.
 *
 * <p>The date taken is {@code DateTimeOriginal} with {@code OffsetTimeOriginal}, else
 * {@code DateTimeDigitized} with {@code OffsetTimeDigitized} (a camera writes both at the shutter;
 * {@code DateTime} is when the file was last changed and is not used). Sub-seconds are ignored. The GPS
 * date and time stamps, which are UTC, are the next source.
 */
final class ExifFacts {

    /** TIFF photometric interpretations of raw sensor data: colour filter array, linear raw. */
    private static final int CFA = 32803;
    private static final int LINEAR_RAW = 34892;
    private static final int DNG_VERSION = 0xC612;

    private final Metadata metadata;

    ExifFacts(Metadata metadata) {
        this.metadata = metadata;
    }

    /** Offers the date, camera, lens, place, orientation and Live Photo identifier; not the size. */
    void offerTo(MetadataBuilder builder) {
        offerDate(builder, ExifDirectoryBase.TAG_DATETIME_ORIGINAL, ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL);
        offerDate(builder, ExifDirectoryBase.TAG_DATETIME_DIGITIZED, ExifDirectoryBase.TAG_TIME_ZONE_DIGITIZED);
        for (Directory d : metadata.getDirectories()) {
            if (d instanceof ExifIFD0Directory || d instanceof PanasonicRawIFD0Directory) {
                builder.make(d.getString(ExifDirectoryBase.TAG_MAKE));
                builder.model(d.getString(ExifDirectoryBase.TAG_MODEL));
            }
            if (d instanceof ExifIFD0Directory) {
                builder.orientation(d.getInteger(ExifDirectoryBase.TAG_ORIENTATION));
            }
            if (d instanceof ExifSubIFDDirectory) {
                builder.lens(d.getString(ExifDirectoryBase.TAG_LENS_MODEL));
            }
            if (d instanceof AppleMakernoteDirectory) {
                builder.contentIdentifier(d.getString(AppleMakernoteDirectory.TAG_CONTENT_IDENTIFIER));
            }
        }
        for (CanonMakernoteDirectory canon : metadata.getDirectoriesOfType(CanonMakernoteDirectory.class)) {
            builder.lens(canon.getString(CanonMakernoteDirectory.TAG_LENS_MODEL));
        }
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            offerGps(builder, gps);
        }
    }

    /** Looks in the Exif sub-IFD first, where the tags belong, then in IFD0, where some writers put them. */
    private void offerDate(MetadataBuilder builder, int dateTag, int offsetTag) {
        for (Class<? extends ExifDirectoryBase> type : java.util.List.of(ExifSubIFDDirectory.class, ExifIFD0Directory.class)) {
            for (ExifDirectoryBase d : metadata.getDirectoriesOfType(type)) {
                Stamp stamp = Stamp.exif(d.getString(dateTag), d.getString(offsetTag));
                if (stamp != null) {
                    builder.takenAt(stamp, TakenAtOrigin.EXIF);
                    return;
                }
            }
        }
    }

    private static void offerGps(MetadataBuilder builder, GpsDirectory gps) {
        if (!builder.hasPosition()) {
            Double latitude = degrees(gps.getRationalArray(GpsDirectory.TAG_LATITUDE), gps.getString(GpsDirectory.TAG_LATITUDE_REF), "S");
            Double longitude = degrees(gps.getRationalArray(GpsDirectory.TAG_LONGITUDE), gps.getString(GpsDirectory.TAG_LONGITUDE_REF), "W");
            if (latitude != null && longitude != null) {
                builder.position(latitude, longitude);
                Rational altitude = gps.getRational(GpsDirectory.TAG_ALTITUDE);
                if (altitude != null && altitude.getDenominator() != 0) {
                    Integer ref = gps.getInteger(GpsDirectory.TAG_ALTITUDE_REF);
                    builder.altitude(ref != null && ref == 1 ? -altitude.doubleValue() : altitude.doubleValue());
                }
            }
        }
        builder.takenAt(gpsTime(gps), TakenAtOrigin.GPS);
    }

    /**
     * Signed decimal degrees from degrees, minutes and seconds; {@code null} when a value is undefined
     * (a zero denominator, which phones write when they had no fix) or the reference is missing or not
     * N/S or E/W: without it the hemisphere is unknown, and a place mirrored across the equator or
     * Greenwich is worse than none (exiftool gives none either).
     */
    private static Double degrees(Rational[] dms, String ref, String negative) {
        if (dms == null || dms.length != 3) {
            return null;
        }
        for (Rational r : dms) {
            if (r.getDenominator() == 0) {
                return null;
            }
        }
        double value = dms[0].doubleValue() + dms[1].doubleValue() / 60 + dms[2].doubleValue() / 3600;
        String reference = ref == null ? "" : ref.trim();
        String positive = negative.equals("S") ? "N" : "E";
        if (reference.equalsIgnoreCase(negative)) {
            return -value;
        }
        return reference.equalsIgnoreCase(positive) ? value : null;
    }

    /** The GPS date and time stamps (UTC), strictly: a time of 25:61 is no time. */
    private static Stamp gpsTime(GpsDirectory gps) {
        Rational[] time = gps.getRationalArray(GpsDirectory.TAG_TIME_STAMP);
        if (time == null || time.length != 3) {
            return null;
        }
        for (Rational r : time) {
            if (r.getDenominator() == 0) {
                return null;
            }
        }
        Stamp date = Stamp.exif(gps.getString(GpsDirectory.TAG_DATE_STAMP) + " 00:00:00", null);
        double h = time[0].doubleValue();
        double m = time[1].doubleValue();
        double s = time[2].doubleValue();
        if (date == null || h < 0 || h >= 24 || m < 0 || m >= 60 || s < 0 || s >= 61) {
            return null;
        }
        LocalDateTime utc = date.local().plusSeconds(Math.round(h * 3600 + m * 60 + Math.floor(s)));
        return new Stamp(utc, ZoneOffset.UTC);
    }

    /** Offers XMP found among these directories (a JPEG's APP1 XMP, a TIFF's XMP tag, a WebP's XMP chunk). */
    void offerXmpTo(MetadataBuilder builder) {
        for (XmpDirectory xmp : metadata.getDirectoriesOfType(XmpDirectory.class)) {
            if (xmp.getXMPMeta() != null) {
                new XmpFacts(xmp.getXMPMeta()).offerTo(builder);
            }
        }
    }

    /** Offers the IPTC date found among these directories (a JPEG's APP13 segment, a TIFF's IPTC tags). */
    void offerIptcTo(MetadataBuilder builder) {
        for (IptcDirectory iptc : metadata.getDirectoriesOfType(IptcDirectory.class)) {
            IptcFacts.offerTo(iptc, builder);
        }
    }

    /**
     * Offers the size a TIFF-structured file states: the Exif pixel dimensions (what a raw develops to),
     * else the first directory's.
     */
    void offerTiffSizeTo(MetadataBuilder builder) {
        for (ExifSubIFDDirectory d : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            builder.size(d.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH), d.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT));
        }
        for (ExifIFD0Directory d : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            builder.size(d.getInteger(ExifDirectoryBase.TAG_IMAGE_WIDTH), d.getInteger(ExifDirectoryBase.TAG_IMAGE_HEIGHT));
        }
    }

    /** Offers the Exif pixel dimensions only (for formats whose own header has none worth more). */
    void offerExifSizeTo(MetadataBuilder builder) {
        for (ExifSubIFDDirectory d : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            builder.size(d.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH), d.getInteger(ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT));
        }
    }

    String make() {
        for (Directory d : metadata.getDirectories()) {
            if ((d instanceof ExifIFD0Directory || d instanceof PanasonicRawIFD0Directory) && d.getString(ExifDirectoryBase.TAG_MAKE) != null) {
                return d.getString(ExifDirectoryBase.TAG_MAKE);
            }
        }
        return null;
    }

    boolean hasDngVersion() {
        for (ExifIFD0Directory d : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
            if (d.containsTag(DNG_VERSION)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some directory holds raw sensor data. */
    boolean hasRawData() {
        for (Directory d : metadata.getDirectories()) {
            if (d instanceof ExifDirectoryBase) {
                Integer photometric = d.getInteger(ExifDirectoryBase.TAG_PHOTOMETRIC_INTERPRETATION);
                if (photometric != null && (photometric == CFA || photometric == LINEAR_RAW)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The problems metadata-extractor met, as warnings. */
    void warnTo(MetadataBuilder builder) {
        for (Directory d : metadata.getDirectories()) {
            for (String error : d.getErrors()) {
                builder.warn(d.getName() + ": " + error);
            }
        }
    }
}
