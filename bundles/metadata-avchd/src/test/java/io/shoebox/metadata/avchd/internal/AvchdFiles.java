package io.shoebox.metadata.avchd.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes AVCHD clips as camcorders write them, with ffmpeg: a few seconds of H.264 (x264, without its own
 * SEI), the camera's MDPM SEI unit spliced in before every IDR picture, as cameras put it at every group
 * of pictures, and AC-3 sound, in a transport stream of 192-byte packets (AVCHD's {@code .MTS}) or of
 * plain 188-byte ones. Public for metadata-media's accuracy test; tests that use it are skipped where
 * ffmpeg is missing ({@link #available()}).
 */
public final class AvchdFiles {

    /**
     * One clip to make.
     *
     * @param name the file name
     * @param mdpm what the camera records, or {@code null} for a stream without MDPM
     * @param width picture width
     * @param height picture height
     * @param seconds length
     * @param timeStamped 192-byte packets as AVCHD writes them, else plain 188-byte ones
     */
    public record Recording(String name, MdpmRecords mdpm, int width, int height, double seconds, boolean timeStamped) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private AvchdFiles() {
    }

    /** Whether ffmpeg is on the path. */
    public static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A small library of camcorder clips: each maker, zones east and west of Greenwich, a half-hour zone,
     * daylight saving time, an unset zone, GPS positions on both sides of the equator and Greenwich, the
     * picture sizes of AVCHD (1080 lines need cropping from 1088), both packet sizes, and a transport
     * stream without MDPM.
     */
    public static List<Recording> library() {
        return List.of(
                new Recording("00000.MTS", new MdpmRecords().recorded(LocalDateTime.of(2010, 7, 15, 13, 45, 30), MdpmRecords.zone(60, true))
                        .maker(MdpmRecords.SONY).model("HDR-CX550V").position(48.858222, 2.2945), 1920, 1080, 2, true),
                new Recording("00001.MTS", new MdpmRecords().recorded(LocalDateTime.of(2008, 12, 24, 18, 30, 0), MdpmRecords.zone(9 * 60, false))
                        .maker(MdpmRecords.PANASONIC), 1280, 720, 1.5, true),
                new Recording("MVI_0042.MTS", new MdpmRecords().recorded(LocalDateTime.of(2012, 2, 29, 23, 59, 59), MdpmRecords.zone(-5 * 60, false))
                        .maker(MdpmRecords.CANON), 640, 360, 3, true),
                new Recording("00003.MTS", new MdpmRecords().recorded(LocalDateTime.of(2007, 6, 1, 6, 0, 0), 0xff)
                        .maker(MdpmRecords.JVC), 640, 480, 1, true),
                new Recording("00004.MTS", new MdpmRecords().recorded(LocalDateTime.of(2014, 3, 9, 10, 11, 12), MdpmRecords.zone(-3 * 60, false))
                        .maker(MdpmRecords.SONY).model("HDR-PJ780VE").position(-22.951944, -43.210556), 1280, 720, 2, false),
                new Recording("00005.MTS", new MdpmRecords().recorded(LocalDateTime.of(2011, 11, 11, 11, 11, 11), MdpmRecords.zone(5 * 60 + 30, false))
                        .maker(MdpmRecords.SONY).model("NEX-5N"), 320, 240, 1, true),
                new Recording("broadcast.m2ts", null, 320, 240, 1, true));
    }

    /** Makes the clip in {@code dir}; returns its path. */
    public static Path write(Path dir, Recording recording) throws IOException, InterruptedException {
        Path raw = dir.resolve(recording.name() + ".h264");
        Path spliced = dir.resolve(recording.name() + ".mdpm.h264");
        Path clip = dir.resolve(recording.name());
        try {
            run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=" + recording.width() + "x" + recording.height() + ":rate=25", "-t", Double.toString(recording.seconds()),
                    "-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-g", "12", "-pix_fmt", "yuv420p",
                    "-bsf:v", "filter_units=remove_types=6", "-f", "h264", raw.toString());
            byte[] sei = recording.mdpm() == null ? new byte[0] : recording.mdpm().seiUnit();
            Files.write(spliced, beforeEachIdrPicture(Files.readAllBytes(raw), sei));
            List<String> mux = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-r", "25", "-f", "h264", "-i", spliced.toString(),
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", Double.toString(recording.seconds()),
                    "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "ac3", "-b:a", "192k", "-f", "mpegts"));
            if (recording.timeStamped()) {
                mux.addAll(List.of("-mpegts_m2ts_mode", "1"));
            }
            mux.add(clip.toString());
            run(dir, mux.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(spliced);
        }
        return clip;
    }

    /** An Annex B stream with {@code unit} inserted before every IDR slice, that is after its parameter sets. */
    static byte[] beforeEachIdrPicture(byte[] stream, byte[] unit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length + 64 * unit.length);
        int copied = 0;
        for (int i = 0; i + 3 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 && (stream[i + 3] & 0x1F) == 5) {
                int start = i > 0 && stream[i - 1] == 0 ? i - 1 : i;
                out.write(stream, copied, start - copied);
                out.writeBytes(unit);
                copied = start;
                i += 3;
            }
        }
        out.write(stream, copied, stream.length - copied);
        return out.toByteArray();
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "ffmpeg", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
