package io.shoebox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.shoebox.storage.s3.internal.S3ProxyServer;

/**
 * Compares Shoebox with restic on one generated photo library, in one run, with a warm page cache:
 * initial backup, backup without changes, backup after a metadata edit of 5% of the photos, full
 * restore (verified byte for byte), and a library of 100,000 small files (initial and rescan).
 * With {@code --million}, also a 1,000,000-file backup with the server at {@code -Xmx1g}.
 * Shoebox is driven only through its REST API; a call the server does not offer yet marks the
 * Shoebox side "n/a" with the reason, and restic's side still runs.
 */
public final class Benchmark {

    /** One tool's figures for one phase; {@code na} says why there are none. */
    record Side(double seconds, long processed, long stored, long rss, String note, String na) {
        static Side na(String why) {
            return new Side(0, 0, 0, 0, null, why);
        }

        boolean ok() {
            return na == null;
        }
    }

    record Row(String phase, Side shoebox, Side restic) {
    }

    @FunctionalInterface
    interface Action {
        Side run() throws Exception;
    }

    private final Options options;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String shoeboxOff;
    private String resticOff;
    private Shoebox server;
    private final String password = "bench-repository-password";
    /** Snapshots the Shoebox server has made so far, which its catalog reads after each backup. */
    private long shoeboxSnapshots;

    record Options(String size, boolean million, boolean remote, Path work, Path dist, Path results, String heap,
            long seed, boolean shoebox, boolean restic, boolean keep) {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--lifecycle")) {
            Lifecycle.main(args); // start-up, plugin install and policy edit times: a mode of its own
            return;
        }
        String size = "small";
        boolean million = false;
        boolean remote = false;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "shoebox-bench");
        Path dist = Path.of("distribution/target/shoebox");
        Path results = Path.of("bench/results");
        String heap = "2g";
        long seed = 42;
        boolean shoebox = true;
        boolean restic = true;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = args[++i];
                case "--million" -> million = true;
                case "--remote" -> remote = true;
                case "--work" -> work = Path.of(args[++i]);
                case "--dist" -> dist = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--no-shoebox" -> shoebox = false;
                case "--no-restic" -> restic = false;
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("unknown option " + args[i] + "\nusage: Benchmark [--size small|full] [--million]"
                            + " [--remote] [--work DIR] [--dist DIR] [--results DIR] [--heap 2g] [--seed N] [--no-shoebox]"
                            + " [--no-restic] [--keep]\n       Benchmark --lifecycle ... (start-up, plugin install and policy"
                            + " edit times; --lifecycle --help)");
                    System.exit(2);
                }
            }
        }
        if (!size.equals("small") && !size.equals("full")) {
            throw new IllegalArgumentException("--size is small or full");
        }
        new Benchmark(new Options(size, million, remote, work.toAbsolutePath(), dist.toAbsolutePath(),
                results.toAbsolutePath(), heap, seed, shoebox, restic, keep)).run();
    }

    Benchmark(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Path work = options.work();
        Tools.delete(work);
        Files.createDirectories(work);
        if (!options.restic()) {
            resticOff = "skipped (--no-restic)";
        } else if (Restic.version() == null) {
            resticOff = "restic is not installed";
        }
        if (!options.shoebox()) {
            shoeboxOff = "skipped (--no-shoebox)";
        }

        Path library = work.resolve("library");
        log("generating the '" + options.size() + "' library in " + library);
        LibraryGenerator.Summary lib = LibraryGenerator.generate(library, options.size(), options.seed());
        log(lib.toString());
        Tools.sync();
        long libraryBytes = Tools.size(library);
        notes.add(String.format(Locale.ROOT, "Library: profile `%s`, %,d files, %s.", options.size(), lib.files(),
                Tools.mb(libraryBytes)));
        long t = System.nanoTime();
        Tools.warm(library);
        double warm = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        Tools.warm(library);
        double warmAgain = (System.nanoTime() - t) / 1e9;
        notes.add(String.format(Locale.ROOT, "Reading the library from the page cache alone takes %.2f s (%.0f MB/s;"
                + " first read after generation %.2f s): the floor for any backup.", warmAgain,
                libraryBytes / 1048576.0 / warmAgain, warm));

        Restic restic = new Restic(work.resolve("restic-repo"), work, password);
        if (resticOff == null) {
            try {
                restic.init();
            } catch (IOException e) {
                resticOff = "restic init failed: " + e.getMessage();
            }
        }
        Path shoeboxRepo = work.resolve("shoebox-repo");
        if (shoeboxOff == null) {
            startServer(work.resolve("shoebox-home"), "-Xmx" + options.heap());
        }
        if (shoeboxOff == null) {
            shoeboxCall(() -> {
                server.createTarget("bench", shoeboxRepo, password);
                server.createSource("library", library);
            });
        }

        backupPhase("initial backup", library, libraryBytes, restic, "library", "bench", shoeboxRepo);
        backupPhase("no-change backup", library, libraryBytes, restic, "library", "bench", shoeboxRepo);

        if (ExifEditor.available()) {
            ExifEditor.Result edit = ExifEditor.edit(library, 20);
            log(edit.toString());
            notes.add(String.format(Locale.ROOT, "EXIF edit: exiftool set Artist and Rating on %d files (every 20th"
                    + " JPEG and movie by path, %s); their mtimes changed, as with a real edit.", edit.files(),
                    Tools.mb(edit.bytes())));
            Tools.sync();
            libraryBytes = Tools.size(library);
            backupPhase("backup after EXIF edit (5%)", library, libraryBytes, restic, "library", "bench",
                    shoeboxRepo);
        } else {
            notes.add("EXIF edit phase skipped: exiftool is not installed (apt-get install libimage-exiftool-perl).");
        }

        restorePhase(library, libraryBytes, restic, shoeboxRepo);

        if (options.remote()) {
            // the local repositories are done with; their space goes to the servers' copies
            Tools.delete(restic.repository());
            Tools.delete(shoeboxRepo);
            s3Phase(library, libraryBytes, work);
            Tools.delete(work.resolve("s3proxy"));
            sftpPhase(library, libraryBytes, work);
            Tools.delete(work.resolve("sftp-restic"));
            Tools.delete(work.resolve("sftp-shoebox"));
        }

        // Many small files: its own library, repositories, source and target.
        Path small = work.resolve("small-files");
        log("generating 100,000 small files in " + small);
        LibraryGenerator.Summary smallLib = LibraryGenerator.generate(small, "small-files", options.seed());
        log(smallLib.toString());
        Tools.sync();
        long smallBytes = Tools.size(small);
        notes.add(String.format(Locale.ROOT, "Small files: %,d files of 1-20 KB (half JSON, half noise), %s.",
                smallLib.files(), Tools.mb(smallBytes)));
        Restic resticSmall = new Restic(work.resolve("restic-repo-small"), work, password);
        initRestic(resticSmall);
        Path shoeboxSmallRepo = work.resolve("shoebox-repo-small");
        shoeboxCall(() -> {
            server.createTarget("bench-small", shoeboxSmallRepo, password);
            server.createSource("small-files", small);
        });
        backupPhase("100k small files: initial backup", small, smallBytes, resticSmall, "small-files", "bench-small",
                shoeboxSmallRepo);
        backupPhase("100k small files: rescan (no change)", small, smallBytes, resticSmall, "small-files",
                "bench-small", shoeboxSmallRepo);
        catalogRebuild();

        if (options.million()) {
            millionPhase(work);
        }
        if (server != null) {
            server.close();
            server = null;
        }
        Path report = report();
        log("report written to " + report);
        if (!options.keep()) {
            Tools.delete(work);
        }
    }

    // ------------------------------------------------------------------ phases

    private void backupPhase(String phase, Path dir, long bytes, Restic restic, String source, String target,
            Path shoeboxRepo) {
        log("phase: " + phase);
        Side r = side(resticOff, () -> {
            Tools.warm(dir);
            long before = Tools.size(restic.repository());
            Restic.Run run = restic.backup(dir);
            Tools.sync();
            JsonNode s = run.summary();
            String note = s == null ? null : String.format(Locale.ROOT, "new %d, changed %d, unchanged %d",
                    s.path("files_new").asLong(), s.path("files_changed").asLong(), s.path("files_unmodified").asLong());
            return new Side(run.seconds(), bytes, Tools.size(restic.repository()) - before, run.peakRss(), note, null);
        }, false);
        Side s = side(shoeboxOff, () -> {
            Tools.warm(dir);
            long before = Tools.size(shoeboxRepo);
            server.rss().reset();
            Shoebox.Job job = server.backup(source, target);
            long rss = server.rss().peak();
            Tools.sync();
            if (!job.succeeded()) {
                return Side.na("job " + job.state() + ": " + job.body().path("error"));
            }
            String note = String.format(Locale.ROOT, "new %d, changed %d, unchanged %d",
                    job.resultLong("filesNew"), job.resultLong("filesChanged"), job.resultLong("filesUnchanged"));
            Side side = new Side(job.seconds(), bytes, Tools.size(shoeboxRepo) - before, rss, note, null);
            awaitCatalog(phase);
            return side;
        }, true);
        rows.add(new Row(phase, s, r));
        log("  shoebox: " + describeNow(s) + "\n  restic:  " + describeNow(r));
    }

    private void restorePhase(Path library, long bytes, Restic restic, Path shoeboxRepo) {
        String phase = "full restore";
        log("phase: " + phase);
        Path work = options.work();
        Side r = side(resticOff, () -> {
            Path target = work.resolve("restore-restic");
            Tools.warm(restic.repository());
            Restic.Run run = restic.restore(target);
            Tools.sync();
            String diff = Tools.diff(library, target);
            Tools.delete(target);
            return new Side(run.seconds(), bytes, -1, run.peakRss(), diff.isEmpty() ? "diff -r: identical" : null,
                    diff.isEmpty() ? null : "restore differs: " + diff);
        }, false);
        Side s = side(shoeboxOff, () -> {
            Path target = work.resolve("restore-shoebox");
            Tools.warm(shoeboxRepo);
            String snapshot = server.latestSnapshot("bench");
            server.rss().reset();
            Shoebox.Job job = server.restore("bench", snapshot, target);
            long rss = server.rss().peak();
            Tools.sync();
            if (!job.succeeded()) {
                return Side.na("job " + job.state() + ": " + job.body().path("error"));
            }
            String diff = Tools.diff(library, target);
            Tools.delete(target);
            return new Side(job.seconds(), bytes, -1, rss, diff.isEmpty() ? "diff -r: identical" : null,
                    diff.isEmpty() ? null : "restore differs: " + diff);
        }, true);
        rows.add(new Row(phase, s, r));
        log("  shoebox: " + describeNow(s) + "\n  restic:  " + describeNow(r));
    }

    /**
     * Waits, outside the timed part, until the server's catalog has read the snapshot the backup
     * just made, so that its indexing never runs beside the next measurement.
     */
    private void awaitCatalog(String phase) throws IOException, InterruptedException {
        shoeboxSnapshots++;
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        while (true) {
            JsonNode catalog;
            try {
                catalog = server.call("GET", "/api/v1/catalog", null, 200);
            } catch (Shoebox.Unsupported e) {
                return; // a server without a catalog
            }
            if (catalog.path("snapshots").asLong() >= shoeboxSnapshots || System.nanoTime() > deadline) {
                notes.add(String.format(Locale.ROOT, "%s: the catalog had read the new snapshot %.1f s after the"
                        + " backup ended (%,d items).", phase, (System.nanoTime() - start) / 1e9,
                        catalog.path("items").asLong()));
                return;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Times a rebuild of the server's catalog from its repositories, which by now hold the library's
     * snapshots and the 100,000 small files: every file of every snapshot is read again.
     */
    private void catalogRebuild() {
        if (shoeboxOff != null) {
            return;
        }
        try {
            JsonNode rebuilt = server.call("POST", "/api/v1/catalog/rebuild", Map.of(), 200);
            notes.add(String.format(Locale.ROOT, "Catalog rebuild from the repositories: %,d items from %,d snapshots"
                    + " in %.1f s (POST /api/v1/catalog/rebuild).", rebuilt.path("items").asLong(),
                    rebuilt.path("snapshots").asLong(), rebuilt.path("rebuildMillis").asLong() / 1000.0));
        } catch (IOException e) {
            notes.add("Catalog rebuild: n/a (" + e.getMessage() + ").");
        }
    }

    /** Both tools back the library up into one S3Proxy server on loopback, each into its own prefix. */
    private void s3Phase(Path library, long bytes, Path work) {
        String phase = "initial backup to S3 (S3Proxy)";
        try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3proxy"))) {
            Path bucket = s3.dataDir().resolve(s3.bucket());
            Restic restic = new Restic("s3:" + s3.endpoint() + "/" + s3.bucket() + "/restic", bucket.resolve("restic"),
                    Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()), List.of(),
                    work, password);
            initRestic(restic);
            shoeboxCall(() -> server.createTarget("bench-s3", "s3", Map.of("endpoint", s3.endpoint().toString(),
                    "region", s3.region(), "bucket", s3.bucket(), "prefix", "shoebox", "accessKey", s3.accessKey(),
                    "secretKey", s3.secretKey(), "pathStyle", true), password));
            notes.add("S3: S3Proxy " + "(filesystem store) on loopback, one bucket; restic's s3 backend and Shoebox's"
                    + " s3 provider with their defaults.");
            backupPhase(phase, library, bytes, restic, "library", "bench-s3", bucket.resolve("shoebox"));
            // The S3 server stops with this phase; a target left behind would be one the catalog cannot read.
            shoeboxCall(() -> server.deleteTarget("bench-s3"));
        } catch (IOException | InterruptedException e) {
            notes.add("S3 phase skipped: the S3 server did not start (" + e.getMessage() + ").");
        }
    }

    /** Both tools back the library up over SFTP to one OpenSSH server on loopback. */
    private void sftpPhase(Path library, long bytes, Path work) {
        String phase = "initial backup to SFTP (OpenSSH)";
        if (!OpenSsh.available()) {
            notes.add("SFTP phase skipped: OpenSSH's server is not installed (apt-get install openssh-server).");
            return;
        }
        try (OpenSsh ssh = OpenSsh.start(work.resolve("sshd"))) {
            Path resticRepo = work.resolve("sftp-restic");
            Path shoeboxRepo = work.resolve("sftp-shoebox");
            Restic restic = new Restic("sftp:" + ssh.user() + "@127.0.0.1:" + resticRepo, resticRepo, Map.of(),
                    List.of("sftp.command=" + ssh.sftpCommand()), work, password);
            initRestic(restic);
            Map<String, Object> config = new java.util.HashMap<>();
            config.put("host", "127.0.0.1");
            config.put("port", ssh.port());
            config.put("user", ssh.user());
            config.put("privateKey", ssh.clientPrivateKey());
            config.put("hostKeyFingerprint", ssh.hostKeyFingerprint());
            config.put("path", shoeboxRepo.toString());
            config.put("createIfMissing", true);
            shoeboxCall(() -> server.createTarget("bench-sftp", "sftp", config, password));
            notes.add("SFTP: Debian's OpenSSH server (internal-sftp, key login) on loopback; restic's sftp backend"
                    + " through OpenSSH's ssh client, Shoebox's sftp provider with its defaults.");
            backupPhase(phase, library, bytes, restic, "library", "bench-sftp", shoeboxRepo);
            shoeboxCall(() -> server.deleteTarget("bench-sftp"));
        } catch (IOException | InterruptedException e) {
            notes.add("SFTP phase skipped: the SSH server did not start (" + e.getMessage() + ").");
        }
    }

    /** One million small files with the server at -Xmx1g: does memory stay small? */
    private void millionPhase(Path work) throws Exception {
        Tools.delete(work.resolve("small-files"));
        Path million = work.resolve("million");
        log("generating 1,000,000 small files in " + million);
        LibraryGenerator.Summary lib = LibraryGenerator.generate(million, "million", options.seed());
        log(lib.toString());
        Tools.sync();
        long bytes = Tools.size(million);
        notes.add(String.format(Locale.ROOT, "Million: %,d files of 1-4 KB, %s; the Shoebox server ran with -Xmx1g.",
                lib.files(), Tools.mb(bytes)));
        if (server != null) {
            server.close();
            server = null;
        }
        if (shoeboxOff == null) {
            startServer(work.resolve("shoebox-home-million"), "-Xmx1g");
        }
        Path repo = work.resolve("shoebox-repo-million");
        shoeboxCall(() -> {
            server.createTarget("bench-million", repo, password);
            server.createSource("million", million);
        });
        Restic restic = new Restic(work.resolve("restic-repo-million"), work, password);
        initRestic(restic);
        backupPhase("1M small files: initial backup (-Xmx1g)", million, bytes, restic, "million", "bench-million",
                repo);
        if (shoeboxOff == null) {
            JsonNode info = server.repository("bench-million");
            if (info == null) {
                notes.add("Index memory per blob: n/a (GET /api/v1/targets/{name}/repository is not offered).");
            } else {
                JsonNode perBlob = info.path("indexBytesPerBlob");
                if (perBlob.isMissingNode() && info.path("indexBytes").isNumber() && info.path("blobs").asLong() > 0) {
                    notes.add(String.format(Locale.ROOT, "Index memory: %.1f bytes per blob (%s).",
                            info.path("indexBytes").asDouble() / info.path("blobs").asLong(), info));
                } else {
                    notes.add("Repository figures from the server: " + info);
                }
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private void startServer(Path home, String javaOpts) {
        try {
            log("starting Shoebox from " + options.dist() + " (" + javaOpts + ")");
            shoeboxSnapshots = 0;
            server = Shoebox.start(options.dist(), home, javaOpts, options.work().resolve("shoebox-"
                    + home.getFileName() + ".log"), Duration.ofSeconds(90));
        } catch (IOException e) {
            shoeboxOff = "server not started: " + e.getMessage();
            log(shoeboxOff);
        }
    }

    private void initRestic(Restic restic) {
        if (resticOff == null) {
            try {
                restic.init();
            } catch (IOException e) {
                resticOff = "restic init failed: " + e.getMessage();
            }
        }
    }

    @FunctionalInterface
    interface Call {
        void run() throws IOException;
    }

    private void shoeboxCall(Call call) {
        if (shoeboxOff != null) {
            return;
        }
        try {
            call.run();
        } catch (IOException e) {
            shoeboxOff = e.getMessage();
            log("Shoebox side off: " + shoeboxOff);
        }
    }

    /** Runs one side of a phase; a missing endpoint switches that tool off for the rest of the run. */
    private Side side(String off, Action action, boolean shoebox) {
        if (off != null) {
            return Side.na(off);
        }
        try {
            return action.run();
        } catch (Shoebox.Unsupported e) {
            shoeboxOff = e.getMessage();
            return Side.na(e.getMessage());
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!shoebox && e instanceof IOException) {
                return Side.na(message);
            }
            return Side.na("failed: " + message);
        }
    }

    private String describe(Side s) {
        if (!s.ok()) {
            return s.na().equals(shoeboxOff) || s.na().equals(resticOff) ? "n/a (see notes)" : "n/a (" + s.na() + ")";
        }
        return details(s);
    }

    private static String details(Side s) {
        return String.format(Locale.ROOT, "%.2f s, %.0f MB/s%s, peak RSS %s%s", s.seconds(), mbps(s),
                s.stored() < 0 ? "" : ", +" + Tools.mb(s.stored()) + " stored", Tools.mb(s.rss()),
                s.note() == null ? "" : ", " + s.note());
    }

    /** While running, say why a side is missing every time. */
    private static String describeNow(Side s) {
        return s.ok() ? details(s) : "n/a (" + s.na() + ")";
    }

    private static double mbps(Side s) {
        return s.seconds() <= 0 ? 0 : s.processed() / 1048576.0 / s.seconds();
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }

    // ------------------------------------------------------------------ report

    private Path report() throws IOException {
        StringBuilder md = new StringBuilder();
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        md.append("# Shoebox vs restic, ").append(now).append(" (profile `").append(options.size()).append("`)\n\n");
        md.append("Same machine, same run, same generated library, warm page cache before every phase. Speedup is"
                + " restic's time divided by Shoebox's (above 1: Shoebox is faster); the other ratios are"
                + " Shoebox / restic. \"Stored\" is how much the repository folder grew in that phase.\n\n");
        md.append("| phase | Shoebox s | restic s | speedup | Shoebox MB/s | restic MB/s | stored Shoebox | stored restic"
                + " | stored ratio | peak RSS Shoebox | peak RSS restic | RSS ratio |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Side s = row.shoebox();
            Side r = row.restic();
            boolean both = s.ok() && r.ok();
            boolean restore = row.phase().contains("restore");
            md.append("| ").append(row.phase())
                    .append(" | ").append(s.ok() ? fmt("%.2f", s.seconds()) : "n/a")
                    .append(" | ").append(r.ok() ? fmt("%.2f", r.seconds()) : "n/a")
                    .append(" | ").append(both ? fmt("%.2f×", r.seconds() / s.seconds()) : "")
                    .append(" | ").append(s.ok() ? fmt("%.0f", mbps(s)) : "")
                    .append(" | ").append(r.ok() ? fmt("%.0f", mbps(r)) : "")
                    .append(" | ").append(s.ok() && !restore ? Tools.mb(s.stored()) : "")
                    .append(" | ").append(r.ok() && !restore ? Tools.mb(r.stored()) : "")
                    .append(" | ").append(both && !restore && r.stored() > 0 ? fmt("%.2f", s.stored() / (double) r.stored()) : "")
                    .append(" | ").append(s.ok() ? Tools.mb(s.rss()) : "")
                    .append(" | ").append(r.ok() ? Tools.mb(r.rss()) : "")
                    .append(" | ").append(both && r.rss() > 0 ? fmt("%.2f", s.rss() / (double) r.rss()) : "")
                    .append(" |\n");
        }
        md.append("\n## Details\n\n");
        for (Row row : rows) {
            md.append("- **").append(row.phase()).append("**: Shoebox ").append(describe(row.shoebox()))
                    .append("; restic ").append(describe(row.restic())).append('\n');
        }
        md.append("\n## Notes\n\n");
        if (shoeboxOff != null) {
            md.append("- **Shoebox side not measured** (from the first phase that needed it on): ").append(shoeboxOff)
                    .append('\n');
        }
        if (resticOff != null) {
            md.append("- **restic side not measured**: ").append(resticOff).append('\n');
        }
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        md.append("- Peak RSS: restic from `/usr/bin/time -v` (whole process); Shoebox from the server's `VmHWM`,"
                + " reset through `/proc/<pid>/clear_refs` before each phase (the JVM keeps heap it has grown"
                + " into, so this is an upper bound of what the phase needed).\n");
        md.append("- Shoebox times run from `POST /api/v1/jobs` to the first poll (every 50 ms) that sees the job"
                + " finished; restic times are the process's wall time, including its start and key derivation.\n");
        md.append("\n## Environment\n\n");
        md.append("- ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append('\n');
        md.append("- Java ").append(System.getProperty("java.version")).append(" (bench), kernel ")
                .append(kernel()).append('\n');
        String version = Restic.version();
        md.append("- ").append(version == null ? "restic: not installed" : version).append('\n');
        md.append("- Shoebox: ").append(options.dist()).append(", server heap -Xmx").append(options.heap()).append('\n');
        Files.createDirectories(options.results());
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-"
                + options.size() + (options.million() ? "-million" : "") + ".md";
        Path file = options.results().resolve(name);
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        return file;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GB RAM", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "";
    }

    static String kernel() {
        try {
            return Tools.run(List.of("uname", "-r"), null).text().strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }
}
