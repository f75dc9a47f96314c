package io.shoebox.engine.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PathSelectionTest {

    @Test
    void no_pattern_selects_everything() {
        PathSelection all = new PathSelection(List.of());
        assertThat(all.includes("DCIM/100APPLE/IMG_0001.HEIC")).isTrue();
        assertThat(all.mayIncludeInside("DCIM")).isTrue();
    }

    @Test
    void a_file_path_selects_only_that_file() {
        PathSelection one = new PathSelection(List.of("/DCIM/100APPLE/IMG_0001.HEIC"));
        assertThat(one.includes("DCIM/100APPLE/IMG_0001.HEIC")).isTrue();
        assertThat(one.includes("DCIM/100APPLE/IMG_0002.HEIC")).isFalse();
        assertThat(one.includes("DCIM/100APPLE/IMG_0001.HEIC.xmp")).isFalse();
        assertThat(one.mayIncludeInside("DCIM")).isTrue();
        assertThat(one.mayIncludeInside("DCIM/100APPLE")).isTrue();
        assertThat(one.mayIncludeInside("Pictures")).isFalse();
    }

    @Test
    void a_folder_path_selects_everything_inside_it() {
        PathSelection folder = new PathSelection(List.of("2019/Lisbon/"));
        assertThat(folder.includes("2019/Lisbon/IMG_1.jpg")).isTrue();
        assertThat(folder.includes("2019/Lisbon/day 2/IMG_2.jpg")).isTrue();
        assertThat(folder.includes("2019/Lisbonne/IMG_3.jpg")).isFalse();
    }

    @Test
    void globs_match_the_whole_relative_path() {
        PathSelection globs = new PathSelection(List.of("**/*.{mov,MOV}", "2020/*.jpg"));
        assertThat(globs.includes("2019/Lisbon/clip.mov")).isTrue();
        assertThat(globs.includes("2020/a.jpg")).isTrue();
        assertThat(globs.includes("2020/x/a.jpg")).isFalse();
        assertThat(globs.includes("2019/a.jpg")).isFalse();
    }

    @Test
    void an_invalid_glob_is_refused_naming_it() {
        assertThatThrownBy(() -> new PathSelection(List.of("2019/[abc"))).hasMessageContaining("2019/[abc");
    }
}
