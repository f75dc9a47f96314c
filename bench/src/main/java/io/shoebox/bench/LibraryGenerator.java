package io.shoebox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates a photo library that looks like a real one to a backup tool: iPhone folders
 * ({@code DCIM/1xxAPPLE}) of JPEG, HEIC and MOV files with {@code .AAE} edit sidecars,
 * screenshots, camera folders ({@code Camera/YYYY/MM}) with large JPEGs, {@code .xmp} sidecars and
 * MP4 clips, and a {@code Duplicates/} folder holding exact copies of about 10% of the media.
 * Photos carry real Exif (date taken with offset, make and model, GPS); media data is noise, which
 * compresses as badly as real entropy-coded image data. Everything follows from the seed.
 *
 * <pre>LibraryGenerator &lt;dir&gt; small|full|small-files|million [--seed N]</pre>
 */
public final class LibraryGenerator {

    enum Kind { PHONE_JPEG, HEIC, SCREENSHOT, CAMERA_JPEG, MOV, MP4, AAE, XMP }

    record Spec(String path, Kind kind, long size, long seed, Shot shot) {
    }

    /** Counts per kind; video sizes from 10 MB up to {@code maxVideoMb}, skewed to short clips. */
    record Profile(String name, int phoneJpegs, int heics, int screenshots, int cameraJpegs, int movs, int mp4s,
            int maxVideoMb) {
    }

    static final Profile SMALL = new Profile("small", 70, 60, 10, 5, 2, 1, 30);
    static final Profile FULL = new Profile("full", 900, 900, 400, 50, 15, 5, 200);

    private static final long MB = 1 << 20;

    private record Camera(String make, String model, int width, int height) {
    }

    private static final Camera[] CAMERAS = {
        new Camera("Canon", "Canon EOS R6", 5472, 3648),
        new Camera("NIKON CORPORATION", "NIKON Z 6_2", 6048, 4024),
        new Camera("SONY", "ILCE-7M3", 6000, 4000),
        new Camera("FUJIFILM", "X-T4", 6240, 4160),
    };

    private record Place(double latitude, double longitude, double altitude, ZoneOffset offset) {
    }

    private static final Place[] PLACES = {
        new Place(47.3769, 8.5417, 408, ZoneOffset.ofHours(2)),      // Zürich
        new Place(48.8566, 2.3522, 35, ZoneOffset.ofHours(2)),       // Paris
        new Place(40.7128, -74.0060, 10, ZoneOffset.ofHours(-4)),    // New York
        new Place(35.6762, 139.6503, 40, ZoneOffset.ofHours(9)),     // Tokyo
        new Place(-33.8688, 151.2093, 58, ZoneOffset.ofHours(10)),   // Sydney
        new Place(-33.9249, 18.4241, 25, ZoneOffset.ofHours(2)),     // Cape Town
    };

    private static final String[] IPHONES = {"iPhone 11", "iPhone 12 Pro", "iPhone 13", "iPhone 14 Pro", "iPhone 15 Pro"};

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LibraryGenerator <dir> small|full|small-files|million [--seed N]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        long seed = args.length >= 4 && args[2].equals("--seed") ? Long.parseLong(args[3]) : 42;
        Summary summary = generate(dir, args[1], seed);
        System.out.println(summary);
    }

    record Summary(Path dir, long files, long bytes, long seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "generated %,d files, %,.1f MB in %s (%d s)", files,
                    bytes / (double) MB, dir, seconds);
        }
    }

    /** Generates profile {@code profile} into {@code dir}, which must be missing or empty. */
    static Summary generate(Path dir, String profile, long seed) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IOException(dir + " is not empty; the generator only writes into an empty folder");
            }
        }
        long start = System.nanoTime();
        List<Spec> specs = switch (profile) {
            case "small" -> plan(SMALL, seed);
            case "full" -> plan(FULL, seed);
            case "small-files" -> SmallFiles.plan(100_000, 1024, 20 * 1024, seed);
            case "million" -> SmallFiles.plan(1_000_000, 1024, 4 * 1024, seed);
            default -> throw new IllegalArgumentException("unknown profile " + profile
                    + " (small, full, small-files, million)");
        };
        long bytes = write(dir, specs);
        if (profile.equals("small") || profile.equals("full")) {
            bytes += duplicates(dir, specs, seed);
        }
        long files;
        try (var walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).count();
        }
        return new Summary(dir, files, bytes, (System.nanoTime() - start) / 1_000_000_000L);
    }

    // ------------------------------------------------------------------ planning

    static List<Spec> plan(Profile p, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Spec> specs = new ArrayList<>();

        // iPhone roll: JPEG, HEIC and MOV interleaved in shooting order, numbered IMG_0001...
        List<Kind> roll = new ArrayList<>();
        addN(roll, Kind.PHONE_JPEG, p.phoneJpegs());
        addN(roll, Kind.HEIC, p.heics());
        addN(roll, Kind.MOV, p.movs());
        shuffle(roll, random);
        LocalDateTime time = LocalDateTime.of(2019, 1, 1, 9, 0);
        long rollMinutes = 6L * 365 * 24 * 60 / Math.max(1, roll.size());
        int perFolder = 250;
        for (int i = 0; i < roll.size(); i++) {
            Kind kind = roll.get(i);
            time = time.plusMinutes(1 + random.nextLong(2 * rollMinutes));
            String folder = "DCIM/" + (100 + i / perFolder) + "APPLE/";
            String base = String.format(Locale.ROOT, "IMG_%04d", i % 9999 + 1);
            Place place = PLACES[random.nextInt(PLACES.length)];
            boolean located = random.nextInt(100) < 85;
            String model = IPHONES[Math.min(IPHONES.length - 1, (time.getYear() - 2019))];
            Shot shot = shot(time, place, located, "Apple", model, "17.1", 4032, 3024, random);
            switch (kind) {
                case PHONE_JPEG -> specs.add(new Spec(folder + base + ".JPG", kind, range(random, 2 * MB, 4 * MB),
                        random.nextLong(), shot));
                case HEIC -> specs.add(new Spec(folder + base + ".HEIC", kind,
                        range(random, 3 * MB / 2, 3 * MB), random.nextLong(), shot));
                case MOV -> specs.add(new Spec(folder + base + ".MOV", kind, videoSize(random, p.maxVideoMb()),
                        random.nextLong(), withSize(shot, 1920, 1080)));
                default -> throw new IllegalStateException();
            }
            if (kind != Kind.MOV && random.nextInt(100) < 20) {
                specs.add(new Spec(folder + base + ".AAE", Kind.AAE, 0, random.nextLong(), shot));
            }
        }

        // Screenshots: smaller JPEGs without a position, with spaces in their names.
        LocalDateTime shotTime = LocalDateTime.of(2020, 3, 1, 12, 0);
        for (int i = 0; i < p.screenshots(); i++) {
            shotTime = shotTime.plusMinutes(1 + random.nextLong(4 * 24 * 60));
            Shot shot = shot(shotTime, PLACES[0], false, "Apple", "iPhone 13", "17.1", 1170, 2532, random);
            String name = String.format(Locale.ROOT, "Screenshots/Screenshot %s at %02d.%02d.%02d.jpg",
                    shotTime.toLocalDate(), shotTime.getHour(), shotTime.getMinute(), shotTime.getSecond());
            specs.add(new Spec(name, Kind.SCREENSHOT, range(random, 200 * 1024, 800 * 1024), random.nextLong(), shot));
        }

        // Camera: large JPEGs with an .xmp each, and MP4 clips, by year and month.
        List<Kind> card = new ArrayList<>();
        addN(card, Kind.CAMERA_JPEG, p.cameraJpegs());
        addN(card, Kind.MP4, p.mp4s());
        shuffle(card, random);
        LocalDateTime cameraTime = LocalDateTime.of(2018, 6, 1, 10, 0);
        long cardMinutes = 6L * 365 * 24 * 60 / Math.max(1, card.size());
        Camera camera = CAMERAS[random.nextInt(CAMERAS.length)];
        for (int i = 0; i < card.size(); i++) {
            cameraTime = cameraTime.plusMinutes(1 + random.nextLong(2 * cardMinutes));
            if (random.nextInt(10) == 0) {
                camera = CAMERAS[random.nextInt(CAMERAS.length)];
            }
            String folder = String.format(Locale.ROOT, "Camera/%d/%02d/", cameraTime.getYear(),
                    cameraTime.getMonthValue());
            Place place = PLACES[random.nextInt(PLACES.length)];
            Shot shot = shot(cameraTime, place, random.nextInt(100) < 20, camera.make(), camera.model(),
                    "Firmware 1.2", camera.width(), camera.height(), random);
            if (card.get(i) == Kind.CAMERA_JPEG) {
                String base = String.format(Locale.ROOT, "DSC_%05d", i + 1);
                specs.add(new Spec(folder + base + ".JPG", Kind.CAMERA_JPEG, range(random, 6 * MB, 12 * MB),
                        random.nextLong(), shot));
                specs.add(new Spec(folder + base + ".xmp", Kind.XMP, 0, random.nextLong(), shot));
            } else {
                specs.add(new Spec(folder + String.format(Locale.ROOT, "C%04d.MP4", i + 1), Kind.MP4,
                        videoSize(random, p.maxVideoMb()), random.nextLong(), withSize(shot, 3840, 2160)));
            }
        }
        return specs;
    }

    private static Shot shot(LocalDateTime time, Place place, boolean located, String make, String model,
            String software, int width, int height, SplittableRandom random) {
        double lat = located ? place.latitude() + (random.nextDouble() - 0.5) / 10 : Double.NaN;
        double lon = located ? place.longitude() + (random.nextDouble() - 0.5) / 10 : Double.NaN;
        return new Shot(time, place.offset(), make, model, software, width, height, lat, lon,
                place.altitude() + random.nextInt(50));
    }

    private static Shot withSize(Shot s, int width, int height) {
        return new Shot(s.taken(), s.offset(), s.make(), s.model(), s.software(), width, height, s.latitude(),
                s.longitude(), s.altitude());
    }

    private static long range(SplittableRandom random, long from, long to) {
        return from + random.nextLong(to - from);
    }

    private static long videoSize(SplittableRandom random, int maxMb) {
        double u = random.nextDouble();
        return (long) ((10 + (maxMb - 10) * u * u * u) * MB);
    }

    private static void addN(List<Kind> list, Kind kind, int n) {
        for (int i = 0; i < n; i++) {
            list.add(kind);
        }
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    // ------------------------------------------------------------------ writing

    static long write(Path dir, List<Spec> specs) throws IOException, InterruptedException {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong bytes = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long step = Math.max(1, specs.size() / 10);
        try {
            List<Future<?>> futures = new ArrayList<>(specs.size());
            for (Spec spec : specs) {
                futures.add(pool.submit(() -> {
                    try {
                        bytes.addAndGet(writeOne(dir, spec));
                    } catch (IOException e) {
                        throw new UncheckedIOException(spec.path() + ": " + e.getMessage(), e);
                    }
                    long n = done.incrementAndGet();
                    if (n % step == 0) {
                        System.out.printf(Locale.ROOT, "  %d%% (%,d files)%n", 100 * n / specs.size(), n);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return bytes.get();
    }

    private static long writeOne(Path dir, Spec spec) throws IOException {
        Path file = dir.resolve(spec.path());
        Files.createDirectories(file.getParent());
        Shot shot = spec.shot();
        if (spec.kind() == null) {
            Files.write(file, SmallFiles.content(spec.size(), spec.seed(), spec.path().endsWith(".json")));
            return spec.size();
        }
        switch (spec.kind()) {
            case PHONE_JPEG, SCREENSHOT, CAMERA_JPEG -> MediaWriter.jpeg(file, shot, spec.size(), spec.seed());
            case HEIC -> MediaWriter.heic(file, shot, spec.size(), spec.seed());
            case MOV -> MediaWriter.movie(file, shot, spec.size(), spec.seed(), true);
            case MP4 -> MediaWriter.movie(file, shot, spec.size(), spec.seed(), false);
            case AAE -> Files.writeString(file, Sidecars.aae(shot, spec.seed()), StandardCharsets.UTF_8);
            case XMP -> Files.writeString(file, Sidecars.xmp(shot, spec.seed()), StandardCharsets.UTF_8);
            default -> throw new IllegalStateException(spec.kind().toString());
        }
        if (shot != null) {
            Files.setLastModifiedTime(file, FileTime.from(shot.taken().toInstant(shot.offset()).plusSeconds(2)));
        }
        return Files.size(file);
    }

    /** Exact copies of about 10% of the media (not sidecars) into {@code Duplicates/}, mtimes kept. */
    private static long duplicates(Path dir, List<Spec> specs, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long bytes = 0;
        for (Spec spec : specs) {
            boolean media = spec.kind() != Kind.AAE && spec.kind() != Kind.XMP;
            if (media && random.nextInt(10) == 0) {
                Path source = dir.resolve(spec.path());
                Path copy = dir.resolve("Duplicates").resolve(source.getFileName().toString());
                Files.createDirectories(copy.getParent());
                Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                bytes += Files.size(copy);
            }
        }
        return bytes;
    }
}
