package io.shoebox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How fast the server itself reacts, for one distribution or two side by side: start to health UP,
 * plugin upload to its storage type offered, and policy edit to the edit shown. Every round starts
 * each distribution once, from a fresh copy of it and a fresh {@code SHOEBOX_HOME}; with two
 * distributions their order swaps every round, so that drift of a shared machine falls on both.
 * Everything is timed from the client's side, polling every {@value #POLL_MILLIS} ms.
 */
final class Lifecycle {

    static final long POLL_MILLIS = 5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PASSWORD = "bench-repository-password";
    private static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EDIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int EDITS = 3;

    /** The figures of the report, in its order. */
    enum Measure {
        START("start to health UP", "launch of `bin/shoebox --headless` to the first `GET /api/v1/health` answering UP"),
        PLUGIN("plugin POST to type offered", "`POST /api/v1/plugins` with the jar to the first `GET /api/v1/storage-types`"
                + " listing its type"),
        PLUGIN_POST("of which: POST answered", "`POST /api/v1/plugins` alone: the server answers once the plugin runs"),
        EDIT("policy PUT to GET showing it", "`PUT /api/v1/policies/{name}` to the first `GET` showing the new"
                + " schedule; " + EDITS + " edits per start");

        final String label;
        final String what;

        Measure(String label, String what) {
            this.label = label;
            this.what = what;
        }

        String key() {
            return switch (this) {
                case START -> "startToHealth";
                case PLUGIN -> "pluginToType";
                case PLUGIN_POST -> "pluginPost";
                case EDIT -> "policyEdit";
            };
        }
    }

    /** A distribution under test, with its label in the report. */
    record Dist(String label, Path path) {

        /** How often this distribution's FileInstall looks at {@code deploy/}, as its config says. */
        String fileInstallPoll() {
            Path config = path.resolve("conf/config.properties");
            try {
                Properties properties = new Properties();
                try (var in = Files.newInputStream(config)) {
                    properties.load(in);
                }
                String poll = properties.getProperty("felix.fileinstall.poll");
                return poll == null ? "FileInstall's default" : poll.trim() + " ms";
            } catch (IOException e) {
                return "unknown (" + config + " unreadable)";
            }
        }
    }

    /** What one start of one distribution gave; a missing figure is null or absent. */
    static final class Run {
        final int round;
        final Dist dist;
        final Map<Measure, List<Double>> millis = new LinkedHashMap<>();
        final List<String> errors = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Run(int round, Dist dist) {
            this.round = round;
            this.dist = dist;
            for (Measure m : Measure.values()) {
                millis.put(m, new ArrayList<>());
            }
        }

        void add(Measure m, long nanos) {
            millis.get(m).add(Math.round(nanos / 1e5) / 10.0); // ms, to 0.1 ms
        }
    }

    record Options(List<Dist> dists, int rounds, Path work, Path results, String plugin, String javaOpts,
            Duration startTimeout, boolean keep) {
    }

    /** A failure whose message holds the server's log already. */
    static final class Logged extends IOException {
        Logged(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean done() throws IOException;
    }

    @FunctionalInterface
    interface Step {
        void run(Shoebox server) throws IOException;
    }

    private final Options options;
    private final List<Run> runs = new ArrayList<>();
    /** The server running now, for the shutdown hook; launched and taken under {@link #lock}. */
    private Shoebox current;
    private boolean aborted;
    private final Object lock = new Object();
    private volatile boolean finished;
    private Thread main;

    Lifecycle(Options options) {
        this.options = options;
    }

    static void main(String[] args) throws Exception {
        Path dist = Path.of("distribution/target/shoebox");
        Path before = null;
        int rounds = 5;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "shoebox-lifecycle");
        Path results = Path.of("bench/results");
        String plugin = "webdav";
        String heap = null;
        int timeout = 120;
        boolean keep = false;
        String usage = "usage: Benchmark --lifecycle [--dist DIR] [--dist-before DIR] [--rounds 5] [--plugin webdav]"
                + " [--results DIR] [--work DIR] [--heap SIZE] [--timeout 120] [--keep]";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--lifecycle" -> {
                    }
                    case "--dist" -> dist = Path.of(args[++i]);
                    case "--dist-before" -> before = Path.of(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--work" -> work = Path.of(args[++i]);
                    case "--results" -> results = Path.of(args[++i]);
                    case "--plugin" -> plugin = args[++i];
                    case "--heap" -> heap = args[++i];
                    case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                    case "--keep" -> keep = true;
                    case "-h", "--help" -> {
                        System.out.println(usage + "\n\n"
                                + "  --dist DIR         the distribution under test (default distribution/target/shoebox)\n"
                                + "  --dist-before DIR  a second one to compare with; the report gives --dist / --dist-before\n"
                                + "  --rounds N         starts of each distribution (default 5)\n"
                                + "  --plugin NAME      the storage plugin to upload: deploy/io.shoebox.storage.NAME.jar,"
                                + " type NAME (default webdav)\n"
                                + "  --results DIR      where the report goes (default bench/results)\n"
                                + "  --work DIR         scratch folder, emptied first and removed after (default"
                                + " $TMPDIR/shoebox-lifecycle)\n"
                                + "  --heap SIZE        server heap (-Xmx); default the JVM's own\n"
                                + "  --timeout S        limit for one start to health UP (default 120)\n"
                                + "  --keep             keep the scratch folder (copies, homes, server logs)");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (rounds < 1 || timeout < 1) {
                throw new IllegalArgumentException("--rounds and --timeout must be positive");
            }
            if (!plugin.matches("[a-z0-9]+")) {
                throw new IllegalArgumentException("--plugin is a storage type such as webdav or sftp");
            }
        } catch (RuntimeException e) {
            System.err.println((e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value"
                    : e.getMessage()) + "\n" + usage);
            System.exit(2);
        }
        List<Dist> dists = new ArrayList<>();
        if (before != null) {
            dists.add(new Dist("before", before.toAbsolutePath().normalize()));
            dists.add(new Dist("after", dist.toAbsolutePath().normalize()));
        } else {
            dists.add(new Dist("server", dist.toAbsolutePath().normalize()));
        }
        String javaOpts = heap == null ? "" : "-Xmx" + heap;
        Lifecycle lifecycle = new Lifecycle(new Options(dists, rounds, work.toAbsolutePath(),
                results.toAbsolutePath(), plugin, javaOpts, Duration.ofSeconds(timeout), keep));
        int failures;
        try {
            failures = lifecycle.run();
        } catch (IOException e) {
            if (lifecycle.aborted()) {
                return; // the JVM is stopping already (a signal): System.exit would wait for ever
            }
            System.err.println("[bench] " + e.getMessage());
            System.exit(1);
            return;
        }
        if (failures > 0) {
            System.err.println("[bench] " + failures + " measurement(s) failed; see the report's notes");
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Runs every round and writes the report; returns how many measurements failed. */
    int run() throws IOException {
        for (Dist dist : options.dists()) {
            if (!Files.isExecutable(dist.path().resolve("bin/shoebox"))) {
                throw new IOException("no server at " + dist.path() + " (no bin/shoebox)");
            }
            if (!Files.isRegularFile(pluginJar(dist.path()))) {
                throw new IOException(dist.path() + " has no " + dist.path().relativize(pluginJar(dist.path()))
                        + " to upload (--plugin)");
            }
        }
        Path work = options.work();
        Tools.delete(work);
        Files.createDirectories(work);
        main = Thread.currentThread();
        Thread hook = new Thread(this::abort, "lifecycle-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            log("work folder " + work + ", " + options.rounds() + " rounds, plugin " + options.plugin());
            for (int round = 1; round <= options.rounds(); round++) {
                List<Dist> order = new ArrayList<>(options.dists());
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Dist dist : order) {
                    Run run = measure(round, dist);
                    if (aborted()) {
                        throw new IOException("stopped by a signal: no report");
                    }
                    runs.add(run);
                    log(describe(run));
                }
            }
            Path report = report();
            log("report written to " + report + " (and .json)");
        } finally {
            finished = true;
            if (!options.keep()) {
                Tools.delete(work);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        return runs.stream().mapToInt(r -> r.errors.size()).sum();
    }

    boolean aborted() {
        synchronized (lock) {
            return aborted;
        }
    }

    /**
     * The shutdown hook, for Ctrl-C or SIGTERM before the end: stops the server, lets the main thread
     * clean up (it launches no other server), and removes the scratch folder.
     */
    private void abort() {
        Shoebox server;
        synchronized (lock) {
            aborted = true;
            server = current;
        }
        if (server != null) {
            server.close();
        }
        try {
            main.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!finished) {
            log("stopped before the end: the server is stopped, no report"
                    + (options.keep() ? "; scratch folder kept: " + options.work() : ""));
        }
        if (!finished && !options.keep()) {
            try {
                Tools.delete(options.work());
            } catch (IOException e) {
                // leaving anyway
            }
        }
    }

    private Path pluginJar(Path dist) {
        return dist.resolve("deploy").resolve("io.shoebox.storage." + options.plugin() + ".jar");
    }

    // ------------------------------------------------------------------ one start

    /** One start of one distribution, from a fresh copy of it and a fresh home; never throws. */
    private Run measure(int round, Dist dist) {
        Run run = new Run(round, dist);
        Path dir = options.work().resolve(dist.label() + "-" + round);
        Path log = dir.resolve("server.log");
        try {
            Path installed = dir.resolve("dist");
            Shoebox.copyDistribution(dist.path(), installed);
            // the plugin leaves deploy/ before the start, so that the server does not run it yet
            Path jar = dir.resolve(pluginJar(installed).getFileName());
            Files.move(pluginJar(installed), jar);
            Path home = dir.resolve("home");
            Path photos = dir.resolve("photos");
            Files.createDirectories(home);
            Files.createDirectories(photos);
            byte[] photo = new byte[1003];
            new Random(round).nextBytes(photo);
            photo[0] = (byte) 0xff;
            photo[1] = (byte) 0xd8;
            photo[2] = (byte) 0xff;
            Files.write(photos.resolve("a.jpg"), photo);
            Shoebox server;
            synchronized (lock) {
                if (aborted) {
                    throw new IOException("stopped");
                }
                server = Shoebox.launch(installed, home, options.javaOpts(), log);
                current = server;
            }
            try {
                long up;
                try {
                    up = server.awaitHealthy(options.startTimeout(), POLL_MILLIS);
                } catch (IOException e) {
                    // the log as it was when the start failed, not after the stop
                    String message = message(e);
                    throw new Logged(message + (message.contains("stopped during start") ? "" : logTail(log)));
                }
                run.add(Measure.START, up - server.launchedNanos());
                step(run, "policy edit", server, s -> policyEdits(s, run, dir, photos));
                step(run, "plugin install", server, s -> pluginInstall(s, run, jar));
                step(run, "jobs check", server, s -> jobsCheck(s, run));
            } finally {
                synchronized (lock) {
                    current = null;
                }
                server.close();
            }
        } catch (Logged e) {
            run.errors.add("start: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            run.errors.add("start: " + message(e) + logTail(log));
        } finally {
            if (!options.keep()) {
                try {
                    Tools.delete(dir);
                } catch (IOException e) {
                    run.errors.add("cannot remove " + dir + ": " + e.getMessage());
                }
            }
        }
        return run;
    }

    /** Runs one measure; its failure is noted and the next measure still runs while the server lives. */
    private void step(Run run, String name, Shoebox server, Step step) {
        if (!server.alive()) {
            run.errors.add(name + ": not measured, the server had stopped" + logTail(server.log()));
            return;
        }
        try {
            step.run(server);
        } catch (IOException | RuntimeException e) {
            run.errors.add(name + ": " + message(e) + (server.alive() ? "" : logTail(server.log())));
        }
    }

    /** A valid policy (a folder source, the target {@code local}), then {@value #EDITS} schedule edits, each timed. */
    private void policyEdits(Shoebox server, Run run, Path dir, Path photos) throws IOException {
        server.createSource("photos", photos);
        try {
            server.call("GET", "/api/v1/targets/local", null, 200); // the distribution's own, in config/
        } catch (Shoebox.Unsupported e) {
            server.createTarget("local", dir.resolve("repository"), PASSWORD);
        }
        ObjectNode config = JSON.createObjectNode();
        config.putArray("sources").add("photos");
        config.putArray("targets").add("local");
        config.put("schedule", "0 3 * * *");
        ObjectNode policy = JSON.createObjectNode().put("name", "nightly");
        policy.set("config", config);
        server.call("POST", "/api/v1/policies", policy, 200, 201);
        for (int hour = 4; hour < 4 + EDITS; hour++) {
            String schedule = "0 " + hour + " * * *";
            config.put("schedule", schedule);
            ObjectNode put = JSON.createObjectNode();
            put.set("config", config);
            long start = System.nanoTime();
            server.call("PUT", "/api/v1/policies/nightly", put, 200, 204);
            until("GET /api/v1/policies/nightly to show schedule " + schedule, EDIT_TIMEOUT, server, () -> schedule
                    .equals(server.call("GET", "/api/v1/policies/nightly", null, 200).path("config").path("schedule")
                            .asText()));
            run.add(Measure.EDIT, System.nanoTime() - start);
        }
        JsonNode edited = server.call("GET", "/api/v1/policies/nightly", null, 200);
        if (edited.path("valid").isBoolean() && !edited.path("valid").asBoolean()) {
            run.notes.add("the policy was not valid: " + edited.path("problems"));
        }
    }

    /** Uploads the plugin jar the server does not run and waits for its storage type to be offered. */
    private void pluginInstall(Shoebox server, Run run, Path jar) throws IOException {
        String type = options.plugin();
        if (offers(server, type)) {
            throw new IOException("storage type " + type + " was offered before the upload: the server runs the"
                    + " plugin from elsewhere than deploy/");
        }
        byte[] content = Files.readAllBytes(jar);
        long start = System.nanoTime();
        server.send("POST", "/api/v1/plugins", content, "application/java-archive", 200, 201);
        run.add(Measure.PLUGIN_POST, System.nanoTime() - start);
        until("GET /api/v1/storage-types to list " + type, PLUGIN_TIMEOUT, server, () -> offers(server, type));
        run.add(Measure.PLUGIN, System.nanoTime() - start);
    }

    /** Nothing but the timed calls should have run: a job (a policy running) would have competed with them. */
    private static void jobsCheck(Shoebox server, Run run) throws IOException {
        JsonNode jobs = server.call("GET", "/api/v1/jobs", null, 200);
        int count = (jobs.isArray() ? jobs : jobs.path("items")).size();
        if (count > 0) {
            run.notes.add(count + " job(s) ran during the measurements: " + jobs);
        }
    }

    private static boolean offers(Shoebox server, String type) throws IOException {
        JsonNode types = server.call("GET", "/api/v1/storage-types", null, 200);
        for (JsonNode entry : types.isArray() ? types : types.path("items")) {
            if (type.equals(entry.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Polls {@code check} every {@value #POLL_MILLIS} ms; failed calls count as not yet. */
    private static void until(String what, Duration timeout, Shoebox server, Check check) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (check.done()) {
                    return;
                }
            } catch (IOException e) {
                last = " (last: " + e.getMessage() + ")";
            }
            if (!server.alive()) {
                throw new IOException("the server stopped while waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("timed out after " + timeout.toSeconds() + " s waiting for " + what + last);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String logTail(Path log) {
        if (!Files.exists(log)) {
            return "";
        }
        return "\n    server log, last lines:\n    " + Tools.tail(log, 15).replace("\n", "\n    ");
    }

    // ------------------------------------------------------------------ figures

    private String describe(Run run) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "round %d %-6s:", run.round, run.dist.label()));
        s.append(" start-to-health ").append(list(run.millis.get(Measure.START))).append(" ms");
        s.append(", plugin-to-type ").append(list(run.millis.get(Measure.PLUGIN))).append(" ms");
        s.append(" (POST ").append(list(run.millis.get(Measure.PLUGIN_POST))).append(" ms)");
        s.append(", policy edits ").append(list(run.millis.get(Measure.EDIT))).append(" ms");
        for (String note : run.notes) {
            s.append("\n  note: ").append(note);
        }
        for (String error : run.errors) {
            s.append("\n  FAILED ").append(error);
        }
        return s.toString();
    }

    private static String list(List<Double> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        return String.join(", ", values.stream().map(Lifecycle::ms).toList());
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 100 ? "%.1f" : "%.0f", millis);
    }

    private List<Double> samples(Measure m, Dist dist) {
        List<Double> all = new ArrayList<>();
        for (Run run : runs) {
            if (run.dist.equals(dist)) {
                all.addAll(run.millis.get(m));
            }
        }
        return all;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private Dist dist(String label) {
        return options.dists().stream().filter(d -> d.label().equals(label)).findFirst().orElse(null);
    }

    /** after / before of the medians, or NaN without two distributions or figures. */
    private double ratio(Measure m) {
        Dist before = dist("before");
        Dist after = dist("after");
        if (before == null || after == null) {
            return Double.NaN;
        }
        return median(samples(m, after)) / median(samples(m, before));
    }

    // ------------------------------------------------------------------ report

    private Path report() throws IOException {
        LocalDateTime now = LocalDateTime.now();
        List<Dist> dists = options.dists();
        boolean pair = dists.size() == 2;
        StringBuilder md = new StringBuilder();
        md.append("# Shoebox lifecycle: start, plugin install, policy edit, ")
                .append(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append("\n\n");
        md.append(String.format(Locale.ROOT, "Medians in ms of %d round%s; every round starts each distribution once"
                + " from a fresh copy and a fresh `SHOEBOX_HOME`%s. The client polls every %d ms.%s%n%n",
                options.rounds(), options.rounds() == 1 ? "" : "s",
                pair ? ", before and after alternating (the order swaps every round)" : "", POLL_MILLIS,
                pair ? " after/before below 1: the distribution under test is faster." : ""));
        md.append("| measure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Dist d : dists) {
            md.append(' ').append(d.label()).append(" ms |");
            rule.append("---:|");
        }
        if (pair) {
            md.append(" after/before |");
            rule.append("---:|");
        }
        md.append(" n |\n").append(rule).append("---:|\n");
        for (Measure m : Measure.values()) {
            md.append("| ").append(m.label).append(" |");
            List<String> ns = new ArrayList<>();
            for (Dist d : dists) {
                List<Double> values = samples(m, d);
                md.append(' ').append(values.isEmpty() ? "n/a" : ms(median(values))).append(" |");
                ns.add(Integer.toString(values.size()));
            }
            if (pair) {
                double ratio = ratio(m);
                md.append(' ').append(Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio)).append(" |");
            }
            md.append(' ').append(ns.stream().distinct().count() == 1 ? ns.get(0) + (pair ? " each" : "")
                    : String.join(" / ", ns)).append(" |\n");
        }
        md.append("\n## Spread\n\n");
        for (Measure m : Measure.values()) {
            md.append("- **").append(m.label).append("**:");
            for (Dist d : dists) {
                List<Double> values = samples(m, d).stream().sorted().toList();
                md.append(' ').append(d.label()).append(' ')
                        .append(values.isEmpty() ? "n/a" : ms(values.get(0)) + "–" + ms(values.get(values.size() - 1)))
                        .append(" ms").append(d == dists.get(dists.size() - 1) ? "" : ";");
            }
            md.append('\n');
        }
        md.append("\n## Rounds\n\n| round | distribution | start to health UP | plugin to type (POST) | policy edits |\n"
                + "|---:|---|---:|---:|---|\n");
        for (Run run : runs) {
            md.append("| ").append(run.round).append(" | ").append(run.dist.label())
                    .append(" | ").append(list(run.millis.get(Measure.START)))
                    .append(" | ").append(list(run.millis.get(Measure.PLUGIN))).append(" (")
                    .append(list(run.millis.get(Measure.PLUGIN_POST))).append(')')
                    .append(" | ").append(list(run.millis.get(Measure.EDIT)))
                    .append(run.errors.isEmpty() ? "" : " (failed, see notes)").append(" |\n");
        }
        md.append("\n## Notes\n\n");
        for (Dist d : dists) {
            md.append("- ").append(d.label()).append(": `").append(d.path()).append("`\n");
        }
        for (Measure m : Measure.values()) {
            md.append("- ").append(m.label).append(": ").append(m.what).append(".\n");
        }
        md.append("- Order after health UP: a folder source, the policy `nightly` (that source to the target `local`"
                + " the distribution ships, created when missing) and its edits;"
                + " then the upload of `deploy/io.shoebox.storage.").append(options.plugin())
                .append(".jar`, moved out of the copy's `deploy/` before the start. The server stores an uploaded"
                + " plugin in `deploy/`, where FileInstall finds it on its next poll, so these times spread"
                + " over one poll interval and their median needs many rounds. Poll interval:");
        for (Dist d : dists) {
            md.append(' ').append(d.label()).append(' ').append(d.fileInstallPoll()).append(';');
        }
        md.setLength(md.length() - 1);
        md.append(".\n");
        md.append("- Server JVM options: ").append(options.javaOpts().isEmpty() ? "none (the JVM's defaults)"
                : "`" + options.javaOpts() + "`").append(".\n");
        for (Run run : runs) {
            for (String note : run.notes) {
                md.append("- Round ").append(run.round).append(' ').append(run.dist.label()).append(": ").append(note)
                        .append('\n');
            }
            for (String error : run.errors) {
                md.append("- **Failed**, round ").append(run.round).append(' ').append(run.dist.label()).append(", ")
                        .append(error.replace("\n", "\n  ")).append('\n');
            }
        }
        String environment = Benchmark.cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Benchmark.memory() + "; Java " + System.getProperty("java.version") + " (bench), kernel "
                + Benchmark.kernel();
        md.append("\n## Environment\n\n- ").append(environment).append('\n');

        ObjectNode json = JSON.createObjectNode();
        json.put("date", now.toString());
        json.put("rounds", options.rounds());
        json.put("pollMillis", POLL_MILLIS);
        json.put("plugin", options.plugin());
        json.put("serverJavaOpts", options.javaOpts());
        json.put("environment", environment);
        ObjectNode distNode = json.putObject("distributions");
        for (Dist d : dists) {
            distNode.put(d.label(), d.path().toString());
        }
        ArrayNode measures = json.putArray("measures");
        for (Measure m : Measure.values()) {
            ObjectNode node = measures.addObject().put("id", m.key()).put("label", m.label).put("what", m.what)
                    .put("unit", "ms");
            for (Dist d : dists) {
                List<Double> values = samples(m, d);
                ObjectNode side = node.putObject(d.label());
                side.put("n", values.size());
                if (!values.isEmpty()) {
                    side.put("median", median(values));
                }
                ArrayNode array = side.putArray("samples");
                values.forEach(array::add);
            }
            double ratio = ratio(m);
            if (!Double.isNaN(ratio)) {
                node.put("afterBefore", ratio);
            }
        }
        ArrayNode runList = json.putArray("runs");
        for (Run run : runs) {
            ObjectNode node = runList.addObject().put("round", run.round).put("distribution", run.dist.label());
            for (Measure m : Measure.values()) {
                ArrayNode array = node.putArray(m.key());
                run.millis.get(m).forEach(array::add);
            }
            ArrayNode errors = node.putArray("errors");
            run.errors.forEach(errors::add);
        }

        Files.createDirectories(options.results());
        String name = now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")) + "-lifecycle";
        Path file = options.results().resolve(name + ".md");
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        Files.writeString(options.results().resolve(name + ".json"), JSON.writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        return file;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
