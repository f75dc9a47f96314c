package io.shoebox.metadata.media;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.metadata.MediaMetadata;

/**
 * What exiftool says a file's date taken, camera model and place are, and whether an extraction agrees.
 *
 * <p>The date taken, per format, in the order the extractor trusts its sources: EXIF
 * {@code DateTimeOriginal} (with {@code OffsetTimeOriginal}), else EXIF {@code CreateDate} (with
 * {@code OffsetTimeDigitized}); for movies Apple's {@code Keys:CreationDate}, else the user data
 * {@code DateTimeOriginal} ({@code ©day} or 3GPP {@code date}), else the movie header's
 * {@code QuickTime:CreateDate}, which exiftool prints as stored, in UTC (without {@code -api
 * QuickTimeUTC}); AVI's {@code RIFF:DateTimeOriginal}; then the GPS time ({@code Composite:GPSDateTime},
 * UTC); then XMP {@code DateTimeOriginal}, {@code DateCreated}, {@code CreateDate}. Dates compare as
 * instants when both sides know the offset, else as local times, within a second. Models compare
 * trimmed and exactly; places within 1e-5 degrees.
 */
final class ExiftoolReference {

    /** {@code 2019:06:15 14:30:00}, with optional fraction and offset; minutes-only times as XMP allows. */
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4}):(\\d{2}):(\\d{2}) (\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");

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
            return new Stamp(local, offset);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    static Stamp dateTaken(JsonNode file) {
        Stamp[] candidates = {
            date(file, "EXIF:DateTimeOriginal", "EXIF:OffsetTimeOriginal", null),
            date(file, "EXIF:CreateDate", "EXIF:OffsetTimeDigitized", null),
            date(file, "QuickTime:CreationDate", null, null),
            date(file, "QuickTime:DateTimeOriginal", null, null),
            date(file, "QuickTime:CreateDate", null, ZoneOffset.UTC),
            date(file, "RIFF:DateTimeOriginal", null, null),
            date(file, "Composite:GPSDateTime", null, ZoneOffset.UTC),
            date(file, "XMP:DateTimeOriginal", null, null),
            date(file, "XMP:DateCreated", null, null),
            date(file, "XMP:CreateDate", null, null),
        };
        for (Stamp candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    static String model(JsonNode file) {
        for (String tag : List.of("EXIF:Model", "QuickTime:Model", "XMP:Model")) {
            String model = text(file, tag);
            if (model != null && !model.isBlank()) {
                return model.trim();
            }
        }
        return null;
    }

    /** {latitude, longitude}, or {@code null}. */
    static double[] place(JsonNode file) {
        JsonNode lat = file.get("Composite:GPSLatitude");
        JsonNode lon = file.get("Composite:GPSLongitude");
        if (lat == null || lon == null || !lat.isNumber() || !lon.isNumber()) {
            return null;
        }
        return new double[] {lat.asDouble(), lon.asDouble()};
    }

    static boolean sameTime(Stamp expected, java.time.LocalDateTime local, ZoneOffset offset) {
        if (local == null) {
            return false;
        }
        Duration difference = expected.offset() != null && offset != null
                ? Duration.between(expected.local().toInstant(expected.offset()), local.toInstant(offset))
                : Duration.between(expected.local(), local);
        return difference.abs().compareTo(Duration.ofSeconds(1)) <= 0;
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

    /** Compares date taken, model and place of one file. */
    static void compare(String file, JsonNode exiftool, MediaMetadata ours, Field date, Field model, Field place) {
        Stamp theirDate = dateTaken(exiftool);
        if (theirDate != null) {
            date.compare(file, sameTime(theirDate, ours.takenAt(), ours.takenAtOffset()),
                    ours.takenAt() + (ours.takenAtOffset() == null ? "" : " " + ours.takenAtOffset()),
                    theirDate.local() + (theirDate.offset() == null ? "" : " " + theirDate.offset()));
        }
        String theirModel = model(exiftool);
        if (theirModel != null) {
            model.compare(file, theirModel.equals(ours.model()), ours.model(), theirModel);
        }
        double[] theirPlace = place(exiftool);
        if (theirPlace != null) {
            boolean agrees = ours.latitude() != null && ours.longitude() != null
                    && Math.abs(ours.latitude() - theirPlace[0]) <= 1e-5 && Math.abs(ours.longitude() - theirPlace[1]) <= 1e-5;
            place.compare(file, agrees, ours.latitude() + "," + ours.longitude(), theirPlace[0] + "," + theirPlace[1]);
        }
    }

    /** A small table: files, per field how many exiftool knows, how many agree, and each disagreement. */
    static String table(String title, int files, List<Field> fields) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%n%s: %d files%n", title, files));
        s.append(String.format(Locale.ROOT, "  %-12s %8s %8s %8s%n", "field", "exiftool", "agreed", "share"));
        for (Field f : fields) {
            s.append(String.format(Locale.ROOT, "  %-12s %8d %8d %7.1f%%%n", f.name, f.total, f.agreed, 100 * f.share()));
        }
        for (Field f : fields) {
            for (String d : f.disagreements) {
                s.append("  ").append(f.name).append(" differs: ").append(d).append('\n');
            }
        }
        return s.toString();
    }
}
