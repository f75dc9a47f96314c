package io.shoebox.policy.standard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.source.SourceEntry;

class StandardSelectionTest {

    private final StandardSelection selection = new StandardSelection();

    private static SourceEntry file(String path, long size) {
        return new SourceEntry(path, size, Instant.EPOCH, null);
    }

    @Test
    void without_settings_every_file_is_taken() {
        assertThat(selection.accepts(file("2019/Lisbon/IMG_0001.HEIC", 3_000_000), "image/heic", Map.of())).isTrue();
    }

    @Test
    void a_glob_without_a_slash_matches_the_file_name_in_every_folder() {
        Map<String, Object> settings = Map.of("exclude", new String[] {"*.tmp", "Thumbs.db"});
        assertThat(selection.accepts(file("a/b/c/upload.tmp", 10), null, settings)).isFalse();
        assertThat(selection.accepts(file("x/Thumbs.db", 10), null, settings)).isFalse();
        assertThat(selection.accepts(file("a/IMG_1.aae", 10), null, settings)).isTrue();
        assertThat(selection.accepts(file("a/IMG_1.jpg", 10), null, settings)).isTrue();
    }

    @Test
    void a_glob_with_a_slash_matches_the_whole_relative_path() {
        Map<String, Object> settings = Map.of("include", List.of("DCIM/**"));
        assertThat(selection.accepts(file("DCIM/100APPLE/IMG_1.JPG", 10), null, settings)).isTrue();
        assertThat(selection.accepts(file("Downloads/IMG_1.JPG", 10), null, settings)).isFalse();
    }

    @Test
    void media_types_can_be_named_by_family_or_exactly() {
        Map<String, Object> videosAndHeic = Map.of("mediaTypes", new String[] {"video", "image/heic"});
        assertThat(selection.accepts(file("clip.mov", 10), "video/quicktime", videosAndHeic)).isTrue();
        assertThat(selection.accepts(file("a.heic", 10), "image/heic", videosAndHeic)).isTrue();
        assertThat(selection.accepts(file("a.jpg", 10), "image/jpeg", videosAndHeic)).isFalse();
        assertThat(selection.accepts(file("notes.txt", 10), null, videosAndHeic)).isFalse();
    }

    @Test
    void size_limits_are_inclusive_and_zero_max_means_no_limit() {
        Map<String, Object> settings = Map.of("minSize", 100, "maxSize", "1000");
        assertThat(selection.accepts(file("a", 99), null, settings)).isFalse();
        assertThat(selection.accepts(file("a", 100), null, settings)).isTrue();
        assertThat(selection.accepts(file("a", 1000), null, settings)).isTrue();
        assertThat(selection.accepts(file("a", 1001), null, settings)).isFalse();
        assertThat(selection.accepts(file("a", Long.MAX_VALUE), null, Map.of("maxSize", 0))).isTrue();
    }

    @Test
    void mistakes_in_the_settings_are_named() {
        assertThat(selection.validate(Map.of("include", "{unclosed"))).singleElement().asString().contains("include");
        assertThat(selection.validate(Map.of("minSize", "big"))).singleElement().asString().contains("minSize");
        assertThat(selection.validate(Map.of("minSize", 10, "maxSize", 5))).singleElement().asString().contains("maxSize");
        assertThat(selection.validate(Map.of("exclude", "*.tmp", "maxSize", 5))).isEmpty();
    }
}
