package io.shoebox.metadata.media.internal;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/**
 * What exiftool says a file's date taken, camera and place are, and how far an extraction agrees.
 *
 * <p>The date taken, in the order the extractor trusts its sources: EXIF {@code DateTimeOriginal} (with
 * {@code OffsetTimeOriginal}), else EXIF {@code CreateDate} (with {@code OffsetTimeDigitized}), else the
 * camera record of FLIR's thermal pictures ({@code APP1:DateTimeOriginal}); for movies Apple's
 * {@code Keys:CreationDate}, else the user data {@code DateTimeOriginal} ({@code ©day} or 3GPP
 * {@code date}), else the item list's {@code ContentCreateDate} ({@code ©day}), else the movie header's
 * {@code QuickTime:CreateDate}, which exiftool prints as stored, in UTC (without {@code -api
 * QuickTimeUTC}); AVI's {@code RIFF:DateTimeOriginal}; AVCHD's
 * {@code H264:DateTimeOriginal}, whose {@code DST} suffix means an hour ahead of the offset printed; then
 * the GPS time ({@code Composite:GPSDateTime}, UTC); then XMP {@code DateTimeOriginal},
 * {@code DateCreated}, {@code CreateDate}, {@code DateTimeDigitized}; then IPTC's {@code DateCreated}
 * with {@code TimeCreated} ({@code Composite:DateTimeCreated}). Dates compare as instants when both sides
 * know the offset, else as local times, within a second. The camera is maker and model together, each
 * from EXIF, QuickTime, H.264 or XMP, compared trimmed and exactly. Places compare within 1e-5 degrees.
 *
 * <p>What is counted: a value exiftool gives, and a value we give that exiftool does not (a value read
 * where there is none). A value neither gives is not counted. A date we take from the file name is no
 * value read from the content: exiftool reads no names.
 */
final class ExiftoolReference {

    /** {@code 2019:06:15 14:30:00}, with optional fraction, offset and {@code DST}; minutes-only times as XMP allows. */
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4}):(\\d{2}):(\\d{2}) (\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?( DST)?");

    private static final double PLACE_TOLERANCE = 1e-5;

    /** The tags read from exiftool for the comparison, by family-0 group; numbers as numbers ({@code #}). */
    static final List<String> TAGS = List.of(
            "-File:FileType",
            "-EXIF:DateTimeOriginal", "-EXIF:OffsetTimeOriginal", "-EXIF:CreateDate", "-EXIF:OffsetTimeDigitized",
            "-FLIR:DateTimeOriginal",
            "-QuickTime:CreationDate", "-QuickTime:DateTimeOriginal", "-QuickTime:ContentCreateDate", "-QuickTime:CreateDate",
            "-RIFF:DateTimeOriginal",
            "-H264:DateTimeOriginal", "-Composite:GPSDateTime",
            "-XMP:DateTimeOriginal", "-XMP:DateCreated", "-XMP:CreateDate", "-XMP:DateTimeDigitized", "-Composite:DateTimeCreated",
            "-EXIF:Make", "-QuickTime:Make", "-H264:Make", "-XMP:Make",
            "-EXIF:Model", "-QuickTime:Model", "-H264:Model", "-XMP:Model",
            "-Composite:GPSLatitude#", "-Composite:GPSLongitude#", "-XMP:GPSLatitude#", "-XMP:GPSLongitude#");

    private ExiftoolReference() {
    }

    /** A date as exiftool prints it, with the offset it states or {@code assumedOffset}; {@code null} if not a date. */
    static Stamp date(JsonNode file, String tag, String offsetTag, ZoneOffset assumedOffset) {
        String text = text(file, tag);
        if (text == null) {
            return null;
        }
        Matcher m = DATE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            if (local.getYear() < 1900) {
                return null;
            }
            ZoneOffset offset = m.group(7) != null ? Stamp.offset(m.group(7))
                    : offsetTag != null && text(file, offsetTag) != null ? Stamp.offset(text(file, offsetTag))
                    : assumedOffset;
            if (offset != null && m.group(8) != null) {
                offset = ZoneOffset.ofTotalSeconds(offset.getTotalSeconds() + 3600);
            }
            return new Stamp(local, offset);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    static Stamp dateTaken(JsonNode file) {
        Stamp[] candidates = {
            date(file, "EXIF:DateTimeOriginal", "EXIF:OffsetTimeOriginal", null),
            date(file, "EXIF:CreateDate", "EXIF:OffsetTimeDigitized", null),
            date(file, "APP1:DateTimeOriginal", null, null),
            date(file, "QuickTime:CreationDate", null, null),
            date(file, "QuickTime:DateTimeOriginal", null, null),
            date(file, "QuickTime:ContentCreateDate", null, null),
            date(file, "QuickTime:CreateDate", null, ZoneOffset.UTC),
            date(file, "RIFF:DateTimeOriginal", null, null),
            date(file, "H264:DateTimeOriginal", null, null),
            date(file, "Composite:GPSDateTime", null, ZoneOffset.UTC),
            date(file, "XMP:DateTimeOriginal", null, null),
            date(file, "XMP:DateCreated", null, null),
            date(file, "XMP:CreateDate", null, null),
            date(file, "XMP:DateTimeDigitized", null, null),
            date(file, "Composite:DateTimeCreated", null, null),
        };
        for (Stamp candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    static String make(JsonNode file) {
        return first(file, "EXIF:Make", "QuickTime:Make", "H264:Make", "XMP:Make");
    }

    static String model(JsonNode file) {
        return first(file, "EXIF:Model", "QuickTime:Model", "H264:Model", "XMP:Model");
    }

    /** {latitude, longitude}, or {@code null}: the composite of the GPS tags, else XMP's (as sidecars have it). */
    static double[] place(JsonNode file) {
        for (String group : List.of("Composite", "XMP")) {
            JsonNode lat = file.get(group + ":GPSLatitude");
            JsonNode lon = file.get(group + ":GPSLongitude");
            if (lat != null && lon != null && lat.isNumber() && lon.isNumber()) {
                return new double[] {lat.asDouble(), lon.asDouble()};
            }
        }
        return null;
    }

    static boolean sameTime(Stamp expected, LocalDateTime local, ZoneOffset offset) {
        if (local == null) {
            return false;
        }
        Duration difference = expected.offset() != null && offset != null
                ? Duration.between(expected.local().toInstant(expected.offset()), local.toInstant(offset))
                : Duration.between(expected.local(), local);
        return difference.abs().compareTo(Duration.ofSeconds(1)) <= 0;
    }

    private static String first(JsonNode file, String... tags) {
        for (String tag : tags) {
            String value = text(file, tag);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String text(JsonNode file, String tag) {
        JsonNode node = file.get(tag);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Agreement on one field over many files. */
    static final class Field {
        final String name;
        int total;
        int agreed;
        final List<String> disagreements = new ArrayList<>();

        Field(String name) {
            this.name = name;
        }

        void compare(String file, boolean agrees, Object ours, Object theirs) {
            total++;
            if (agrees) {
                agreed++;
            } else {
                disagreements.add(file + ": ours " + ours + ", exiftool " + theirs);
            }
        }

        double share() {
            return total == 0 ? 1 : (double) agreed / total;
        }
    }

    /** Date, camera and place of a group of files (a format, or all). */
    static final class Fields {
        final Field date = new Field("date taken");
        final Field camera = new Field("camera");
        final Field place = new Field("GPS lat/lon");
        int files;

        List<Field> all() {
            return List.of(date, camera, place);
        }

        int total() {
            return date.total + camera.total + place.total;
        }

        int agreed() {
            return date.agreed + camera.agreed + place.agreed;
        }

        double share() {
            return total() == 0 ? 1 : (double) agreed() / total();
        }
    }

    /** Agreement per format (exiftool's file type) and over all files. */
    static final class Agreement {
        final Fields overall = new Fields();
        final Map<String, Fields> byFormat = new TreeMap<>();

        /** Compares date taken, camera and place of one file, counted under its format and overall. */
        void compare(String format, String file, JsonNode exiftool, MediaMetadata ours) {
            Fields group = byFormat.computeIfAbsent(format, f -> new Fields());
            group.files++;
            overall.files++;
            for (Fields fields : List.of(group, overall)) {
                compareDate(fields.date, file, exiftool, ours);
                compareCamera(fields.camera, file, exiftool, ours);
                comparePlace(fields.place, file, exiftool, ours);
            }
        }

        private static void compareDate(Field field, String file, JsonNode exiftool, MediaMetadata ours) {
            Stamp theirs = dateTaken(exiftool);
            boolean fromContent = ours.takenAt() != null && ours.takenAtOrigin() != TakenAtOrigin.FILE_NAME;
            if (theirs == null && !fromContent) {
                return;
            }
            String our = fromContent ? ours.takenAt() + (ours.takenAtOffset() == null ? "" : " " + ours.takenAtOffset())
                    + " (" + ours.takenAtOrigin() + ")" : null;
            field.compare(file, theirs != null && fromContent && sameTime(theirs, ours.takenAt(), ours.takenAtOffset()), our,
                    theirs == null ? null : theirs.local() + (theirs.offset() == null ? "" : " " + theirs.offset()));
        }

        private static void compareCamera(Field field, String file, JsonNode exiftool, MediaMetadata ours) {
            String theirMake = make(exiftool);
            String theirModel = model(exiftool);
            String ourMake = ours.make() == null ? null : ours.make().trim();
            String ourModel = ours.model() == null ? null : ours.model().trim();
            if (theirMake == null && theirModel == null && ourMake == null && ourModel == null) {
                return;
            }
            field.compare(file, Objects.equals(theirMake, ourMake) && Objects.equals(theirModel, ourModel),
                    ourMake + " / " + ourModel, theirMake + " / " + theirModel);
        }

        private static void comparePlace(Field field, String file, JsonNode exiftool, MediaMetadata ours) {
            double[] theirs = place(exiftool);
            boolean ourPlace = ours.latitude() != null && ours.longitude() != null;
            if (theirs == null && !ourPlace) {
                return;
            }
            boolean agrees = theirs != null && ourPlace && Math.abs(ours.latitude() - theirs[0]) <= PLACE_TOLERANCE
                    && Math.abs(ours.longitude() - theirs[1]) <= PLACE_TOLERANCE;
            field.compare(file, agrees, ourPlace ? ours.latitude() + "," + ours.longitude() : null,
                    theirs == null ? null : theirs[0] + "," + theirs[1]);
        }

        /** A table of agreement per format and overall, then every disagreement. */
        String table(String title) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "%n%s: %d files, agreement on %d of %d values: %.2f%%%n", title, overall.files,
                    overall.agreed(), overall.total(), 100 * overall.share()));
            s.append(String.format(Locale.ROOT, "  %-18s %6s %14s %14s %14s %9s%n", "format", "files", "date taken", "camera",
                    "GPS lat/lon", "share"));
            byFormat.forEach((format, f) -> row(s, format, f));
            row(s, "all", overall);
            for (Field f : overall.all()) {
                for (String d : f.disagreements) {
                    s.append("  ").append(f.name).append(" differs: ").append(d).append('\n');
                }
            }
            return s.toString();
        }

        private static void row(StringBuilder s, String name, Fields f) {
            s.append(String.format(Locale.ROOT, "  %-18s %6d %14s %14s %14s %8.2f%%%n", name, f.files, cell(f.date), cell(f.camera),
                    cell(f.place), 100 * f.share()));
        }

        private static String cell(Field f) {
            return f.total == 0 ? "-" : f.agreed + "/" + f.total;
        }
    }
}
