package io.shoebox.metadata.avchd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shoebox.testkit.FuzzRun;

/**
 * Hostile input: the files that crashed or hung other parsers (the shared samples' {@code fuzzing}
 * folder), and thousands of deterministic mutations of AVCHD clips built here and, where ffmpeg is
 * installed, made with it: bit flips, runs of random bytes, duplicated and deleted ranges, truncations,
 * lost sync bytes, packet header fields set at random (PID, flags, adaptation length, pointer field,
 * table id and length), and bytes near anywhere set to large lengths. Each must finish within a time
 * limit, throw nothing and meet no unchecked exception on the way (a warning naming one fails the case),
 * in a JVM of 512 MiB.
 *
 * <p>{@code -Dshoebox.fuzz.cases=N} sets the number of mutations (3000 by default) and
 * {@code -Dshoebox.fuzz.seed=S} the seed; a failing case is written to {@code target/fuzz-failures}.
 */
class FuzzTest {

    private static final int CASES = Integer.getInteger("shoebox.fuzz.cases", 3000);
    private static final long SEED = Long.getLong("shoebox.fuzz.seed", 20_261_206L);
    /** Far beyond the reader's own limit of 5 s: only a real hang reaches it. */
    private static final Duration PER_FILE = Duration.ofSeconds(30);
    private static final int MAX_SEED = 256 << 10;

    /** Each test's own run, with its own worker thread. */
    private final FuzzRun run = new FuzzRun(PER_FILE);

    @AfterEach
    void stopWorker() {
        run.close();
    }

    @Test
    void crashReproducersOfOtherParsers() throws IOException {
        Path fuzzing = samples().resolve("fuzzing");
        assumeTrue(Files.isDirectory(fuzzing), "no crash reproducers at " + fuzzing);
        try (Stream<Path> files = Files.list(fuzzing)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                check(run, file.getFileName().toString(), Files.readAllBytes(file));
            }
        }

        System.out.println(run.summary("Crash reproducers of other parsers"));
        assertThat(run.cases()).isPositive();
        assertThat(run.failures()).as("files that failed").isEmpty();
    }

    @Test
    void thousandsOfMutatedClips(@TempDir Path dir) throws Exception {
        Map<String, byte[]> seeds = seeds(dir);
        List<String> names = new ArrayList<>(seeds.keySet());
        for (int i = 0; i < CASES; i++) {
            Random random = new Random(SEED * 1_000_003L + i);
            String seedName = names.get(random.nextInt(names.size()));
            StringBuilder how = new StringBuilder();
            byte[] mutated = mutate(seeds.get(seedName), random, how);
            check(run, String.format(Locale.ROOT, "%s #%d %s", seedName, i, how), mutated);
        }

        System.out.println(run.summary(String.format(Locale.ROOT, "Mutations of %d clips (seed %d)", seeds.size(), SEED)));
        assertThat(run.failures()).as("cases that failed").isEmpty();
    }

    private static Path samples() {
        String configured = System.getProperty("shoebox.samples.media");
        return configured != null && Files.isDirectory(Path.of(configured)) ? Path.of(configured) : Path.of("/work/shared/samples/media");
    }

    private static Map<String, byte[]> seeds(Path dir) throws IOException, InterruptedException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        MdpmRecords sony = new MdpmRecords().recorded(LocalDateTime.of(2010, 7, 15, 13, 45, 30), MdpmRecords.zone(60, true))
                .maker(MdpmRecords.SONY).model("HDR-CX550V").position(48.858222, 2.2945);
        MdpmRecords canon = new MdpmRecords().recorded(LocalDateTime.of(2000, 1, 1, 0, 0, 0), 0).maker(MdpmRecords.CANON);
        seeds.put("built/sony-192.mts", TsBuilder.clip(true, sony, 1920, 1080, 12));
        seeds.put("built/canon-188.m2ts", TsBuilder.clip(false, canon, 1440, 1080, 12));
        seeds.put("built/no-mdpm.m2ts", TsBuilder.clip(true, null, 720, 576, 6));
        if (AvchdFiles.available()) {
            for (AvchdFiles.Recording recording : AvchdFiles.library()) {
                byte[] clip = Files.readAllBytes(AvchdFiles.write(dir, recording));
                seeds.put("ffmpeg/" + recording.name(), clip.length > MAX_SEED ? Arrays.copyOf(clip, MAX_SEED) : clip);
            }
        }
        return seeds;
    }

    /** One to three kinds of damage, all from {@code random}, so a case is replayed by its seed. */
    static byte[] mutate(byte[] seed, Random random, StringBuilder how) {
        byte[] bytes = seed;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(8)) {
                case 0 -> {
                    bytes = bytes.clone();
                    int flips = 1 + random.nextInt(16);
                    for (int f = 0; f < flips; f++) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    how.append("flip").append(flips).append(' ');
                }
                case 1 -> {
                    bytes = bytes.clone();
                    for (int r = at; r < Math.min(bytes.length, at + 1 + random.nextInt(64)); r++) {
                        bytes[r] = (byte) random.nextInt(256);
                    }
                    how.append("run@").append(at).append(' ');
                }
                case 2 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(4096));
                    int to = random.nextInt(bytes.length + 1);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(bytes, 0, to);
                    out.write(bytes, at, length);
                    out.write(bytes, to, bytes.length - to);
                    bytes = out.toByteArray();
                    how.append("dup").append(length).append('@').append(to).append(' ');
                }
                case 3 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(4096));
                    byte[] out = new byte[bytes.length - length];
                    System.arraycopy(bytes, 0, out, 0, at);
                    System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
                    bytes = out;
                    how.append("del").append(length).append('@').append(at).append(' ');
                }
                case 4 -> {
                    bytes = Arrays.copyOf(bytes, at);
                    how.append("cut@").append(at).append(' ');
                }
                case 5 -> {
                    bytes = bytes.clone();
                    int sync = indexOf(bytes, (byte) 0x47, at);
                    if (sync >= 0) {
                        bytes[sync] = (byte) random.nextInt(256);
                    }
                    how.append("sync@").append(sync).append(' ');
                }
                case 6 -> {
                    // A packet header field: PID, flags, adaptation length, pointer field, table id or length.
                    bytes = bytes.clone();
                    int sync = indexOf(bytes, (byte) 0x47, at);
                    int field = sync < 0 ? at : Math.min(bytes.length - 1, sync + 1 + random.nextInt(8));
                    bytes[field] = (byte) random.nextInt(256);
                    how.append("hdr@").append(field).append(' ');
                }
                default -> {
                    // A length after a sync byte (adaptation field), a start code (PES header, SEI sizes) or anywhere.
                    bytes = bytes.clone();
                    int field = Math.min(bytes.length - 1, at + random.nextInt(12));
                    bytes[field] = random.nextBoolean() ? (byte) 0xFF : (byte) 0xB7;
                    how.append("len@").append(field).append(' ');
                }
            }
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Runs cases one by one on a worker thread, with a hard time limit each, and keeps the failures. */

    /** The reader checks its bounds: an unchecked exception it caught, even as a warning, is a bug. */
    private static void check(FuzzRun run, String name, byte[] content) {
        run.check(name, content, bytes -> new AvchdMetadataExtractor().extract(name, new ByteArrayInputStream(bytes))
                .warnings().stream().filter(w -> w.contains("Exception") || w.contains("Error")).findFirst().orElse(null));
    }
}
