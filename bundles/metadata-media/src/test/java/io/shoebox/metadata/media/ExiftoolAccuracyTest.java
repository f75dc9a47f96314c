package io.shoebox.metadata.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.metadata.media.ExiftoolReference.Field;

/**
 * The extractor against exiftool, the reference of the field: on a library this test generates with
 * Debian's tools (known dates with and without offsets, cameras, places on every side of the equator and
 * the prime meridian, written by exiftool itself), and on every real file of the shared samples. Each
 * field must agree on at least 99% of the files for which exiftool reports it; a table shows the
 * figures and every disagreement.
 */
class ExiftoolAccuracyTest {

    private static final double REQUIRED_SHARE = 0.99;
    private static final DateTimeFormatter EXIF_DATE = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss", Locale.ROOT);

    /** A place and its name, one on each side of the equator and of Greenwich. */
    private record Place(String name, double latitude, double longitude) {
    }

    private static final List<Place> PLACES = List.of(
            new Place("sydney", -33.8568, 151.2153),
            new Place("new-york", 40.6892, -74.0445),
            new Place("rio", -22.9519, -43.2105),
            new Place("tokyo", 35.6586, 139.7454));

    private static final String[][] CAMERAS = {
        {"Canon", "Canon EOS R5"}, {"Apple", "iPhone 12 Pro"}, {"NIKON CORPORATION", "NIKON Z 6"}, {"samsung", "SM-G991B"},
    };

    @Test
    void agreesWithExiftoolOnAGeneratedLibrary(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.available("exiftool"), "exiftool is not installed (Debian: libimage-exiftool-perl)");
        Map<String, Path> bases = bases(dir);
        List<Path> files = new ArrayList<>();
        List<List<String>> writes = new ArrayList<>();
        int shot = 0;
        for (Map.Entry<String, Path> base : bases.entrySet()) {
            for (Place place : PLACES) {
                String format = base.getKey();
                boolean withOffset = shot % 2 == 0;
                String[] camera = CAMERAS[shot % CAMERAS.length];
                LocalDateTime local = LocalDateTime.of(2019, 1 + shot % 12, 1 + shot % 28, shot % 24, 7 * shot % 60, 11);
                ZoneOffset offset = ZoneOffset.ofHoursMinutes(shot % 3 == 0 ? -5 : 9, shot % 3 == 0 ? 0 : 30);
                Path file = dir.resolve(String.format(Locale.ROOT, "%s-%s-%s.%s", format, place.name(), withOffset ? "offset" : "local", format));
                Files.copy(base.getValue(), file, StandardCopyOption.REPLACE_EXISTING);
                files.add(file);
                writes.add(tags(format, file, camera, local, withOffset ? offset : null, place));
                shot++;
            }
        }
        ExternalTools.exiftoolWrite(dir, writes);

        Report report = compare(dir, files);

        System.out.println(report.table("Generated library (" + String.join(", ", bases.keySet()) + ")"));
        assertThat(report.date.total).as("dates exiftool read back").isEqualTo(files.size());
        assertThat(report.model.total).as("models exiftool read back").isEqualTo(files.size());
        assertThat(report.place.total).as("places exiftool read back").isEqualTo(files.size());
        report.assertAgreement();
    }

    @Test
    void agreesWithExiftoolOnTheSampleLibrary(@TempDir Path dir) throws Exception {
        Path media = Samples.media();
        assumeTrue(ExternalTools.available("exiftool"), "exiftool is not installed (Debian: libimage-exiftool-perl)");
        List<Path> files = Samples.realFiles(media);

        Report report = compare(dir, files);

        System.out.println(report.table("Sample library " + media));
        report.assertAgreement();
    }

    /** One small picture or movie per format the installed tools can make. */
    private static Map<String, Path> bases(Path dir) throws IOException, InterruptedException {
        Map<String, Path> bases = new java.util.LinkedHashMap<>();
        if (ExternalTools.available("convert")) {
            Path png = dir.resolve("base.png");
            ExternalTools.run(dir, Duration.ofSeconds(60), "convert", "-size", "64x48", "gradient:skyblue-navy", png.toString());
            bases.put("png", png);
            for (String format : List.of("jpg", "tif", "webp", "avif")) {
                Path file = dir.resolve("base." + format);
                ExternalTools.run(dir, Duration.ofSeconds(60), "convert", png.toString(), file.toString());
                bases.put(format, file);
            }
            if (ExternalTools.available("heif-enc")) {
                Path heic = dir.resolve("base.heic");
                ExternalTools.run(dir, Duration.ofSeconds(60), "heif-enc", "-q", "50", "-o", heic.toString(), png.toString());
                bases.put("heic", heic);
            }
        }
        if (ExternalTools.available("ffmpeg")) {
            for (String format : List.of("mov", "mp4")) {
                Path movie = dir.resolve("base." + format);
                ExternalTools.run(dir, Duration.ofSeconds(60), "ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                        "color=c=blue:s=64x48:d=0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p", movie.toString());
                bases.put(format, movie);
            }
        }
        assumeTrue(!bases.isEmpty(), "none of convert, heif-enc, ffmpeg is installed");
        return bases;
    }

    /**
     * The exiftool arguments that write a shot: EXIF for pictures; for movies the movie header's UTC time,
     * and Apple's keys (MOV) or Android's user data (MP4) for the local time, camera and place.
     */
    private static List<String> tags(String format, Path file, String[] camera, LocalDateTime local, ZoneOffset offset, Place place) {
        List<String> tags = new ArrayList<>();
        String lat = String.format(Locale.ROOT, "%.6f", Math.abs(place.latitude()));
        String lon = String.format(Locale.ROOT, "%.6f", Math.abs(place.longitude()));
        String coordinates = String.format(Locale.ROOT, "%.6f, %.6f", place.latitude(), place.longitude());
        if (format.equals("mov") || format.equals("mp4")) {
            LocalDateTime utc = offset == null ? local : local.minusSeconds(offset.getTotalSeconds());
            tags.add("-QuickTime:CreateDate=" + utc.format(EXIF_DATE));
            String group = format.equals("mov") ? "Keys" : "UserData";
            if (offset != null) {
                tags.add("-" + group + (format.equals("mov") ? ":CreationDate=" : ":DateTimeOriginal=") + local.format(EXIF_DATE) + offset);
            }
            tags.add("-" + group + ":Make=" + camera[0]);
            tags.add("-" + group + ":Model=" + camera[1]);
            tags.add("-" + group + ":GPSCoordinates=" + coordinates);
        } else {
            tags.add("-EXIF:DateTimeOriginal=" + local.format(EXIF_DATE));
            if (offset != null) {
                tags.add("-EXIF:OffsetTimeOriginal=" + offset);
            }
            tags.add("-EXIF:Make=" + camera[0]);
            tags.add("-EXIF:Model=" + camera[1]);
            tags.add("-EXIF:GPSLatitude=" + lat);
            tags.add("-EXIF:GPSLatitudeRef=" + (place.latitude() < 0 ? "S" : "N"));
            tags.add("-EXIF:GPSLongitude=" + lon);
            tags.add("-EXIF:GPSLongitudeRef=" + (place.longitude() < 0 ? "W" : "E"));
        }
        tags.add(file.toString());
        return tags;
    }

    private static Report compare(Path dir, List<Path> files) throws Exception {
        Map<String, JsonNode> exiftool = new HashMap<>();
        for (JsonNode node : ExternalTools.exiftool(dir, files)) {
            exiftool.put(Path.of(node.get("SourceFile").asText()).toAbsolutePath().normalize().toString(), node);
        }
        Report report = new Report();
        MediaMetadataExtractor extractor = new MediaMetadataExtractor();
        for (Path file : files) {
            JsonNode reference = exiftool.get(file.toAbsolutePath().normalize().toString());
            if (reference == null || reference.get("File:FileType") == null) {
                continue; // not a file exiftool can read
            }
            report.files++;
            MediaMetadata ours;
            try (InputStream in = Files.newInputStream(file)) {
                ours = extractor.extract(file.getFileName().toString(), in);
            }
            String name = file.getParent().getFileName() + "/" + file.getFileName();
            ExiftoolReference.compare(name, reference, ours, report.date, report.model, report.place);
        }
        return report;
    }

    private static final class Report {
        int files;
        final Field date = new Field("date taken");
        final Field model = new Field("model");
        final Field place = new Field("GPS lat/lon");

        String table(String title) {
            return ExiftoolReference.table(title, files, List.of(date, model, place));
        }

        void assertAgreement() {
            for (Field field : List.of(date, model, place)) {
                assertThat(field.share()).as("%s: %s", field.name, field.disagreements).isGreaterThanOrEqualTo(REQUIRED_SHARE);
            }
        }
    }
}
