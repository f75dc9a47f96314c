package io.shoebox.metadata.avchd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.shoebox.api.metadata.MediaMetadata;

/**
 * Clips made with ffmpeg as camcorders write them ({@link AvchdFiles}) read by the extractor and by
 * exiftool, the reference of the field: the same date and offset, maker, model, position, size and,
 * within a frame, duration. Skipped where ffmpeg or exiftool is missing (Debian: {@code ffmpeg},
 * {@code libimage-exiftool-perl}).
 */
class ExiftoolAgreementTest {

    /** exiftool's H.264 date: {@code 2010:07:15 13:45:30+01:00}, with {@code DST} after it when the flag is set. */
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4}):(\\d{2}):(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})([+-]\\d{2}):(\\d{2})( DST)?");

    @Test
    void agreesWithExiftoolOnCamcorderClips(@TempDir Path dir) throws Exception {
        assumeTrue(AvchdFiles.available(), "ffmpeg is not installed");
        assumeTrue(onPath("exiftool"), "exiftool is not installed (Debian: libimage-exiftool-perl)");
        List<Path> clips = new ArrayList<>();
        for (AvchdFiles.Recording recording : AvchdFiles.library()) {
            clips.add(AvchdFiles.write(dir, recording));
        }

        List<JsonNode> reference = exiftool(dir, clips);

        assertThat(reference).hasSameSizeAs(clips);
        for (int i = 0; i < clips.size(); i++) {
            Path clip = clips.get(i);
            JsonNode theirs = reference.get(i);
            MediaMetadata ours;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(clip), 64 << 10)) {
                ours = new AvchdMetadataExtractor().extract(clip.getFileName().toString(), in);
            }
            String name = clip.getFileName().toString();
            assertThat(ours.mediaType()).as(name).isEqualTo("video/mp2t");
            assertThat(ours.warnings()).as(name).isEmpty();
            assertThat(theirs.path("File:FileType").asText()).as(name).isIn("M2TS", "M2T");
            assertDate(name, text(theirs, "H264:DateTimeOriginal"), ours);
            assertThat(ours.make()).as(name + " make").isEqualTo(text(theirs, "H264:Make"));
            assertThat(ours.model()).as(name + " model").isEqualTo(text(theirs, "H264:Model"));
            if (theirs.has("Composite:GPSLatitude")) {
                assertThat(ours.latitude()).as(name + " latitude").isCloseTo(theirs.get("Composite:GPSLatitude").asDouble(), within());
                assertThat(ours.longitude()).as(name + " longitude").isCloseTo(theirs.get("Composite:GPSLongitude").asDouble(), within());
            } else {
                assertThat(ours.latitude()).as(name + " latitude").isNull();
            }
            assertThat(ours.width()).as(name + " width").isEqualTo(theirs.path("H264:ImageWidth").asInt());
            assertThat(ours.height()).as(name + " height").isEqualTo(theirs.path("H264:ImageHeight").asInt());
            assertThat(ours.durationMillis() / 1000.0).as(name + " duration")
                    .isCloseTo(theirs.path("M2TS:Duration").asDouble(), org.assertj.core.data.Offset.offset(0.04));
        }
    }

    /** The same local time, and the same offset where the camera set one (exiftool prints an unset zone as -15:30). */
    private static void assertDate(String name, String theirs, MediaMetadata ours) {
        if (theirs == null) {
            assertThat(ours.takenAt()).as(name + " date").isNull();
            return;
        }
        Matcher m = DATE.matcher(theirs);
        assertThat(m.matches()).as(name + " exiftool date " + theirs).isTrue();
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        assertThat(ours.takenAt()).as(name + " date").isEqualTo(local);
        if (ours.takenAtOffset() != null) {
            int hours = Integer.parseInt(m.group(7));
            int minutes = Integer.parseInt(m.group(8)) * (hours < 0 || m.group(7).startsWith("-") ? -1 : 1);
            ZoneOffset standard = ZoneOffset.ofHoursMinutes(hours, minutes);
            ZoneOffset expected = m.group(9) == null ? standard : ZoneOffset.ofTotalSeconds(standard.getTotalSeconds() + 3600);
            assertThat(ours.takenAtOffset()).as(name + " offset").isEqualTo(expected);
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-5);
    }

    private static String text(JsonNode node, String tag) {
        JsonNode value = node.get(tag);
        return value == null ? null : value.asText();
    }

    /**
     * exiftool's reading of the clips, in their order: the maker as a name (print conversion), the
     * numbers as numbers ({@code #}).
     */
    private static List<JsonNode> exiftool(Path dir, List<Path> clips) throws Exception {
        List<String> command = new ArrayList<>(List.of("exiftool", "-json", "-G", "-File:FileType", "-H264:DateTimeOriginal",
                "-H264:Make", "-H264:Model", "-Composite:GPSLatitude#", "-Composite:GPSLongitude#", "-M2TS:Duration#",
                "-H264:ImageWidth#", "-H264:ImageHeight#"));
        clips.forEach(c -> command.add(c.toString()));
        Path out = dir.resolve("exiftool.json");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("exiftool finished").isTrue();
        List<JsonNode> nodes = new ArrayList<>();
        new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8)).forEach(nodes::add);
        return nodes;
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
