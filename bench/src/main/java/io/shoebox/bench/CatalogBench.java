package io.shoebox.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.log.Logger;

import io.shoebox.api.catalog.ItemPage;
import io.shoebox.api.catalog.ItemQuery;
import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;
import io.shoebox.api.snapshot.RepositoryInfo;
import io.shoebox.api.snapshot.SnapshotEntry;
import io.shoebox.api.snapshot.SnapshotFile;
import io.shoebox.api.snapshot.SnapshotInfo;
import io.shoebox.api.snapshot.SnapshotService;
import io.shoebox.catalog.internal.CatalogDatabase;

/**
 * How fast the catalog answers at 1,000,000 items. The catalog bundle's {@link CatalogDatabase}
 * runs as a plain library on an H2 file in a temporary folder, over a generated target: four
 * sources (two phones, a camera, scans) whose files are made up as the catalog walks them, with
 * dates over 15 years, about 40 cameras with a long tail (each in use for a few years), GPS for
 * 60%, folders like {@code DCIM/100APPLE}, and {@code .AAE}/{@code .xmp} sidecars that are no
 * items of their own. It measures the fill (reading the snapshots), reading an unchanged second
 * snapshot of every source, and 200 random searches of a date range (a month to a year) and a
 * camera: first page of 50, with the total.
 *
 * <pre>CatalogBench [--items 1000000] [--searches 200] [--seed 42] [--work DIR] [--keep] [--no-second]</pre>
 */
public final class CatalogBench {

    private static final String TARGET = "bench";
    private static final LocalDate FIRST_DAY = LocalDate.of(2010, 1, 1);
    private static final int YEARS = 15;
    /** The catalog's log: dropped, the bench prints its own measurements. */
    private static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

    /** A camera, used from one year to another, with a weight that gives the long tail. */
    record Camera(String make, String model, int from, int to, double weight) {
    }

    /** Cameras by popularity: rank r weighs 1 / r^1.2. */
    static final List<Camera> CAMERAS;

    static {
        String[][] models = {
            {"Apple", "iPhone 6", "2014", "2017"}, {"Apple", "iPhone 12 Pro", "2020", "2024"},
            {"Apple", "iPhone 8", "2017", "2020"}, {"Canon", "Canon EOS 5D Mark III", "2012", "2019"},
            {"Apple", "iPhone 4S", "2011", "2014"}, {"Apple", "iPhone 15 Pro", "2023", "2024"},
            {"SONY", "ILCE-7M3", "2018", "2024"}, {"samsung", "SM-G991B", "2021", "2024"},
            {"Apple", "iPhone 11", "2019", "2022"}, {"NIKON CORPORATION", "NIKON D7000", "2010", "2015"},
            {"Apple", "iPhone 12", "2020", "2023"}, {"Google", "Pixel 7", "2022", "2024"},
            {"FUJIFILM", "X-T4", "2020", "2024"}, {"Canon", "Canon PowerShot S95", "2010", "2013"},
            {"Apple", "iPhone 13 mini", "2021", "2024"}, {"samsung", "SM-G960F", "2018", "2021"},
            {"Apple", "iPad Air", "2014", "2019"}, {"GoPro", "HERO9 Black", "2020", "2023"},
            {"OLYMPUS IMAGING CORP.", "E-M10", "2014", "2018"}, {"HUAWEI", "P30 Pro", "2019", "2021"},
            {"Panasonic", "DMC-TZ10", "2010", "2012"}, {"DJI", "FC3170", "2020", "2024"},
            {"Apple", "iPhone X", "2017", "2019"}, {"Canon", "Canon EOS R6", "2021", "2024"},
            {"NIKON CORPORATION", "NIKON Z 6_2", "2021", "2024"}, {"Xiaomi", "Mi 9", "2019", "2021"},
            {"LG Electronics", "LG-H850", "2016", "2018"}, {"Apple", "iPhone 5s", "2013", "2016"},
            {"Motorola", "moto g(7)", "2019", "2021"}, {"OnePlus", "ONEPLUS A6003", "2018", "2020"},
            {"Canon", "Canon EOS 600D", "2011", "2015"}, {"SONY", "DSC-RX100M3", "2014", "2018"},
            {"Nokia", "Lumia 920", "2012", "2014"}, {"Apple", "iPhone 14", "2022", "2024"},
            {"RICOH", "GR III", "2019", "2024"}, {"Leica Camera AG", "LEICA Q2", "2020", "2024"},
            {"KODAK", "EASYSHARE C813", "2010", "2011"}, {"HTC", "HTC One", "2013", "2015"},
            {"Google", "Pixel 3a", "2019", "2021"}, {"Hasselblad", "L1D-20c", "2019", "2022"},
        };
        List<Camera> cameras = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            cameras.add(new Camera(models[i][0], models[i][1], Integer.parseInt(models[i][2]),
                    Integer.parseInt(models[i][3]), 1 / Math.pow(i + 1, 1.2)));
        }
        CAMERAS = List.copyOf(cameras);
    }

    /** Cameras in use per year since {@link #FIRST_DAY}, for phones (true) and for the camera source (false). */
    static final Map<Boolean, List<Camera>[]> ACTIVE = Map.of(true, activeByYear(true), false, activeByYear(false));

    @SuppressWarnings("unchecked")
    private static List<Camera>[] activeByYear(boolean phone) {
        List<Camera>[] byYear = new List[YEARS];
        for (int year = 0; year < YEARS; year++) {
            int calendarYear = FIRST_DAY.getYear() + year;
            List<Camera> active = CAMERAS.stream().filter(c -> isPhone(c) == phone)
                    .filter(c -> calendarYear >= c.from() && calendarYear <= c.to()).toList();
            byYear[year] = active.isEmpty() ? List.of(CAMERAS.get(0)) : active;
        }
        return byYear;
    }

    private static boolean isPhone(Camera camera) {
        return camera.make().equals("Apple") || camera.make().equals("samsung") || camera.make().equals("Google")
                || camera.make().equals("HUAWEI") || camera.make().equals("Xiaomi") || camera.make().equals("Motorola")
                || camera.make().equals("OnePlus") || camera.make().equals("Nokia") || camera.make().equals("HTC")
                || camera.make().equals("LG Electronics");
    }

    /** A source of the generated target: how many items, and how its folders and names look. */
    record Source(String name, int items, String style) {
    }

    private record Place(double latitude, double longitude) {
    }

    private static final Place[] PLACES = {new Place(47.3769, 8.5417), new Place(48.8566, 2.3522),
        new Place(40.7128, -74.0060), new Place(35.6762, 139.6503), new Place(-33.8688, 151.2093),
        new Place(51.5072, -0.1276), new Place(41.9028, 12.4964), new Place(37.7749, -122.4194)};

    private final int items;
    private final int searches;
    private final long seed;
    private final List<Source> sources;
    private final GeneratedSnapshots snapshots = new GeneratedSnapshots();

    CatalogBench(int items, int searches, long seed) {
        this.items = items;
        this.searches = searches;
        this.seed = seed;
        this.sources = List.of(new Source("phone", items * 45 / 100, "phone"),
                new Source("partner-phone", items * 25 / 100, "phone"), new Source("camera", items * 25 / 100, "camera"),
                new Source("scans", items - items * 45 / 100 - items * 25 / 100 - items * 25 / 100, "scans"));
    }

    public static void main(String[] args) throws Exception {
        int items = 1_000_000;
        int searches = 200;
        long seed = 42;
        Path work = null;
        boolean keep = false;
        boolean second = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--searches" -> searches = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--no-second" -> second = false;
                default -> {
                    System.err.println("unknown option " + args[i] + "\nusage: CatalogBench [--items 1000000]"
                            + " [--searches 200] [--seed 42] [--work DIR] [--keep] [--no-second]");
                    System.exit(2);
                }
            }
        }
        Path folder = work != null ? Files.createDirectories(work.toAbsolutePath())
                : Files.createTempDirectory("shoebox-catalog-bench");
        try {
            new CatalogBench(items, searches, seed).run(folder, second);
        } finally {
            if (!keep) {
                Tools.delete(folder);
            }
        }
    }

    void run(Path folder, boolean second) throws IOException, SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("catalog") + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + Integer.getInteger("cache", 65536) + "");
        Instant first = Instant.parse("2025-01-01T02:00:00Z");
        for (Source source : sources) {
            snapshots.add(source, first);
        }
        try (CatalogDatabase catalog = new CatalogDatabase(dataSource, folder.resolve("thumbnails"), snapshots,
                () -> List.of(TARGET), SILENT)) {
            long started = System.nanoTime();
            catalog.sync(TARGET);
            double fill = seconds(started);
            long count = catalog.status().items();
            Runtime runtime = Runtime.getRuntime();
            print(String.format(Locale.ROOT, "fill: %,d items (%,d files with sidecars, %d sources, %d cameras) in %.1f s,"
                    + " %,.0f items/s; database %s; heap in use %s", count, snapshots.files, sources.size(),
                    CAMERAS.size(), fill, count / fill, Tools.mb(Tools.size(folder)),
                    Tools.mb(runtime.totalMemory() - runtime.freeMemory())));

            if (second) {
                for (Source source : sources) {
                    snapshots.add(source, first.plusSeconds(86_400));
                }
                started = System.nanoTime();
                catalog.sync(TARGET);
                double again = seconds(started);
                print(String.format(Locale.ROOT, "second snapshot of every source, nothing changed: read in %.1f s,"
                        + " %,.0f files/s; database %s", again, snapshots.files / 2 / again, Tools.mb(Tools.size(folder))));
            }

            SplittableRandom random = new SplittableRandom(seed + 1);
            for (int i = 0; i < 20; i++) {
                catalog.search(randomQuery(random)); // warm-up, not counted
            }
            double[] millis = new double[searches];
            long[] totals = new long[searches];
            for (int i = 0; i < searches; i++) {
                ItemQuery query = randomQuery(random);
                long start = System.nanoTime();
                ItemPage page = catalog.search(query);
                millis[i] = (System.nanoTime() - start) / 1e6;
                totals[i] = page.total();
            }
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            long[] sortedTotals = totals.clone();
            Arrays.sort(sortedTotals);
            print(String.format(Locale.ROOT, "search: %d random camera + date range (1 to 12 months of its use), first page of 50"
                    + " with total: p50 %.1f ms, p95 %.1f ms, max %.1f ms (matches per search: median %,d, max %,d;"
                    + " after 20 warm-up searches)", searches, percentile(sorted, 50), percentile(sorted, 95),
                    sorted[sorted.length - 1], sortedTotals[sortedTotals.length / 2], sortedTotals[sortedTotals.length - 1]));
            long start = System.nanoTime();
            ItemPage everything = catalog.search(ItemQuery.all(50));
            print(String.format(Locale.ROOT, "search: no criteria, first page of 50 with total %,d: %.1f ms",
                    everything.total(), (System.nanoTime() - start) / 1e6));
        }
    }

    /**
     * What people ask: a camera they used (the popular ones more often), and a month to a year of
     * the time they used it.
     */
    private ItemQuery randomQuery(SplittableRandom random) {
        double total = CAMERAS.stream().mapToDouble(Camera::weight).sum();
        double pick = random.nextDouble() * total;
        Camera camera = CAMERAS.get(CAMERAS.size() - 1);
        for (Camera candidate : CAMERAS) {
            pick -= candidate.weight();
            if (pick <= 0) {
                camera = candidate;
                break;
            }
        }
        int usedDays = (camera.to() - camera.from() + 1) * 365;
        LocalDateTime from = LocalDate.of(camera.from(), 1, 1).atStartOfDay().plusDays(random.nextInt(usedDays));
        LocalDateTime to = from.plusDays(30 + random.nextInt(336));
        String words = camera.model().toLowerCase(Locale.ROOT).replace(camera.make().toLowerCase(Locale.ROOT), "").strip();
        return new ItemQuery(from, to, words.isEmpty() ? camera.make() : words, null, null, null, null, null, 0, 50);
    }

    private static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void print(String line) {
        System.out.println("catalog " + line);
    }

    /** Snapshots whose files are made up, the same for a seed, as a walk asks for them. */
    final class GeneratedSnapshots implements SnapshotService {

        private final List<SnapshotInfo> list = new ArrayList<>();
        private final java.util.Map<String, Source> sourceOf = new java.util.HashMap<>();
        long files;

        void add(Source source, Instant time) {
            SnapshotInfo info = new SnapshotInfo(source.name() + "-" + time.getEpochSecond(), time, source.name(), null,
                    false, List.of(), Map.of());
            list.add(info);
            sourceOf.put(info.id(), source);
        }

        @Override
        public List<SnapshotInfo> list(String target) {
            return list.stream().sorted(Comparator.comparing(SnapshotInfo::time).reversed()).toList();
        }

        @Override
        public void walk(String target, String snapshotId, Consumer<SnapshotFile> visitor) {
            Source source = sourceOf.get(snapshotId);
            Consumer<SnapshotFile> counting = file -> {
                files++;
                visitor.accept(file);
            };
            new SourceGenerator(source, seed + source.name().hashCode()).walk(counting);
        }

        @Override
        public Optional<byte[]> thumbnail(String target, String snapshotId, String path) {
            return Optional.empty();
        }

        @Override
        public List<io.shoebox.api.snapshot.TargetLock> locks(String target) {
            return List.of(); // nothing here ever locks
        }

        @Override
        public RepositoryInfo repository(String target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SnapshotEntry> listFolder(String target, String snapshotId, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SnapshotEntry readFile(String target, String snapshotId, String path, OutputStream out) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * One source's files in walk order (folders and names ascending): shots spread over 15 years in
     * the order taken, 1,000 to a folder.
     */
    static final class SourceGenerator {

        private final Source source;
        private final SplittableRandom random;

        SourceGenerator(Source source, long seed) {
            this.source = source;
            this.random = new SplittableRandom(seed);
        }

        void walk(Consumer<SnapshotFile> visitor) {
            long span = YEARS * 365L * 86_400;
            long step = span / Math.max(1, source.items());
            long second = 0;
            for (int n = 0; n < source.items(); n++) {
                second += 1 + random.nextLong(2 * step);
                LocalDateTime taken = FIRST_DAY.atStartOfDay().plusSeconds(Math.min(second, span - 1));
                int folder = n / 1000;
                switch (source.style()) {
                    case "phone" -> phone(visitor, n, folder, taken);
                    case "camera" -> camera(visitor, n, taken);
                    default -> scan(visitor, n, folder);
                }
            }
        }

        private void phone(Consumer<SnapshotFile> visitor, int n, int folder, LocalDateTime taken) {
            String base = String.format(Locale.ROOT, "DCIM/%03dAPPLE/IMG_%04d", 100 + folder, n % 10_000);
            double kind = random.nextDouble();
            String extension = kind < 0.1 ? ".MOV" : kind < 0.55 ? ".HEIC" : ".JPG";
            String type = extension.equals(".MOV") ? "video/quicktime" : extension.equals(".HEIC") ? "image/heic" : "image/jpeg";
            boolean edited = random.nextDouble() < 0.2;
            if (edited) {
                visitor.accept(file(base + ".AAE", "application/xml", null, taken, 900));
            }
            visitor.accept(file(base + extension, type, camera(taken, true), taken, 1_500_000 + random.nextInt(3_000_000)));
        }

        private void camera(Consumer<SnapshotFile> visitor, int n, LocalDateTime taken) {
            String base = String.format(Locale.ROOT, "Camera/%d/%02d/DSC_%05d", taken.getYear(), taken.getMonthValue(),
                    n % 100_000);
            visitor.accept(file(base + ".JPG", "image/jpeg", camera(taken, false), taken, 6_000_000 + random.nextInt(6_000_000)));
            if (random.nextDouble() < 0.3) {
                visitor.accept(file(base + ".xmp", "application/rdf+xml", null, taken, 4_000));
            }
        }

        private void scan(Consumer<SnapshotFile> visitor, int n, int folder) {
            String path = String.format(Locale.ROOT, "Scans/Box %02d/scan-%05d.jpg", folder, n);
            visitor.accept(new SnapshotFile(path, 800_000, Instant.parse("2019-03-01T10:00:00Z").plusSeconds(n),
                    "c" + source.name() + n, MediaMetadata.unknown("image/jpeg", List.of()), false));
        }

        /** A camera in use when the shot was taken, by weight; phones take phones, the camera source cameras. */
        private Camera camera(LocalDateTime taken, boolean phone) {
            List<Camera> active = ACTIVE.get(phone)[taken.getYear() - FIRST_DAY.getYear()];
            double total = 0;
            for (Camera camera : active) {
                total += camera.weight();
            }
            double pick = random.nextDouble() * total;
            for (Camera camera : active) {
                pick -= camera.weight();
                if (pick <= 0) {
                    return camera;
                }
            }
            return active.get(active.size() - 1);
        }

        private SnapshotFile file(String path, String type, Camera camera, LocalDateTime taken, long size) {
            Instant modified = taken.toInstant(ZoneOffset.UTC).plusSeconds(30);
            if (camera == null) {
                return new SnapshotFile(path, size, modified, "c" + source.name() + path, null, false);
            }
            Place place = random.nextDouble() < 0.6 ? PLACES[random.nextInt(PLACES.length)] : null;
            MediaMetadata media = new MediaMetadata(type, taken, ZoneOffset.ofHours(1), TakenAtOrigin.EXIF, camera.make(),
                    camera.model(), null, place == null ? null : place.latitude() + random.nextDouble() / 10,
                    place == null ? null : place.longitude() + random.nextDouble() / 10, null, 4032, 3024, 1,
                    type.startsWith("video/") ? 3_000L : null, null, List.of());
            return new SnapshotFile(path, size, modified, "c" + source.name() + path, media, true);
        }
    }
}
