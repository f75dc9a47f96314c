package io.shoebox.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Real JPEG photos with known metadata, made by Debian's ImageMagick and tagged by exiftool, the
 * way a camera or a phone would have written them.
 */
public final class RealPhotos {

    /** Where and with what a photo was taken. */
    public record Shot(String takenAt, String offset, String make, String model, double latitude, double longitude) {
    }

    private RealPhotos() {
    }

    /** Whether the tools these photos are made with are installed. */
    public static boolean toolsInstalled() {
        return installed("convert") && installed("exiftool");
    }

    private static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes a photo of random content (distinct per {@code seed}) and writes its EXIF: date taken
     * ({@code yyyy:MM:dd HH:mm:ss}) with its offset, camera, and GPS position.
     */
    public static Path photo(Path file, long seed, Shot shot) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        run(List.of("convert", "-seed", Long.toString(seed), "-size", "800x600", "plasma:", "-quality", "88",
                file.toString()));
        List<String> tags = new ArrayList<>(List.of("exiftool", "-q", "-overwrite_original",
                "-DateTimeOriginal=" + shot.takenAt(), "-CreateDate=" + shot.takenAt(),
                "-OffsetTimeOriginal=" + shot.offset(), "-Make=" + shot.make(), "-Model=" + shot.model(),
                "-GPSLatitude=" + Math.abs(shot.latitude()), "-GPSLatitudeRef=" + (shot.latitude() < 0 ? "S" : "N"),
                "-GPSLongitude=" + Math.abs(shot.longitude()), "-GPSLongitudeRef=" + (shot.longitude() < 0 ? "W" : "E")));
        tags.add(file.toString());
        run(tags);
        return file;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command).toLowerCase(Locale.ROOT) + " failed: " + output);
        }
    }
}
