package io.shoebox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Many small files in nested folders ({@code d000/s0/f0000.json}, 100 per folder): the shape of a
 * Google Takeout export (a JSON sidecar beside every picture) or a thumbnail cache. Half are
 * compressible JSON, half are noise.
 */
final class SmallFiles {

    private SmallFiles() {
    }

    static List<LibraryGenerator.Spec> plan(int count, int minSize, int maxSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LibraryGenerator.Spec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int top = i / 1000;
            int sub = (i / 100) % 10;
            boolean json = (i & 1) == 0;
            String path = String.format(Locale.ROOT, "d%03d/s%d/f%04d.%s", top, sub, i % 100, json ? "json" : "bin");
            long size = minSize + random.nextInt(maxSize - minSize + 1);
            specs.add(new LibraryGenerator.Spec(path, null, size, random.nextLong(), null));
        }
        return specs;
    }

    private static final String[] WORDS = {"beach", "sunset", "family", "birthday", "mountain", "city", "dinner",
        "holiday", "garden", "snow", "lake", "concert", "museum", "party", "hike", "train", "market", "wedding"};

    static byte[] content(long size, long seed, boolean json) {
        byte[] bytes = new byte[(int) size];
        if (!json) {
            new Noise(seed).fill(bytes, 0, bytes.length);
            return bytes;
        }
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder((int) size + 64);
        text.append(String.format(Locale.ROOT,
                "{\"title\":\"IMG_%04d.HEIC\",\"photoTakenTime\":{\"timestamp\":\"%d\"},"
                        + "\"geoData\":{\"latitude\":%.6f,\"longitude\":%.6f},\"description\":\"",
                random.nextInt(10000), 1_500_000_000L + random.nextInt(200_000_000), random.nextDouble() * 180 - 90,
                random.nextDouble() * 360 - 180));
        while (text.length() < size - 2) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        text.setLength((int) size - 2);
        text.append("\"}");
        byte[] ascii = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, bytes, 0, bytes.length);
        return bytes;
    }
}
