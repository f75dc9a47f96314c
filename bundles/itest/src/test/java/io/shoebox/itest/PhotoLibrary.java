package io.shoebox.itest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/** Small but real photo libraries for end-to-end tests: JPEGs with noise (so they do not compress), videos, sidecars. */
public final class PhotoLibrary {

    private PhotoLibrary() {
    }

    /** Writes a real JPEG of the given size, filled with noise. */
    static Path jpeg(Path file, int width, int height, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "jpg", file.toFile());
        return file;
    }

    /** Random bytes standing in for a video or a raw file. */
    static Path binary(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    /**
     * A library of {@code photos} JPEGs in dated folders, a few clips and sidecars, with distinct
     * modification times. Returns the files written.
     */
    public static List<Path> create(Path root, int photos, int clipBytes) throws IOException {
        List<Path> files = new ArrayList<>();
        Instant time = Instant.parse("2019-06-01T10:15:30.123456789Z");
        for (int i = 0; i < photos; i++) {
            String folder = i % 2 == 0 ? "2019/06 Lisbon" : "DCIM/100APPLE";
            Path photo = jpeg(root.resolve(folder).resolve(String.format("IMG_%04d.JPG", i)), 640, 480, i);
            Files.setLastModifiedTime(photo, FileTime.from(time.plusSeconds(i * 3600L)));
            files.add(photo);
        }
        Path clip = binary(root.resolve("2019/06 Lisbon/clip.mov"), clipBytes, 99);
        Files.setLastModifiedTime(clip, FileTime.from(time));
        files.add(clip);
        Path sidecar = root.resolve("2019/06 Lisbon/IMG_0000.xmp");
        Files.writeString(sidecar, "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>");
        files.add(sidecar);
        Path empty = root.resolve("notes/empty.txt");
        Files.createDirectories(empty.getParent());
        Files.createFile(empty);
        files.add(empty);
        return files;
    }
}
