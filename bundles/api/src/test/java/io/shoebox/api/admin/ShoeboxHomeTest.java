package io.shoebox.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ShoeboxHomeTest {

    @Test
    void relative_paths_of_settings_are_taken_inside_the_data_directory_and_absolute_ones_as_they_are() {
        assertThat(ShoeboxHome.resolve("repositories/default", "/srv/shoebox"))
                .isEqualTo(Path.of("/srv/shoebox/repositories/default"));
        assertThat(ShoeboxHome.resolve("Pictures/../Photos ", "/srv/shoebox")).isEqualTo(Path.of("/srv/shoebox/Photos"));
        assertThat(ShoeboxHome.resolve("/mnt/drive/../backup/", "/srv/shoebox")).isEqualTo(Path.of("/mnt/backup"));
    }

    @Test
    void an_empty_setting_is_refused() {
        assertThatThrownBy(() -> ShoeboxHome.resolve(" ", "/srv/shoebox")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void without_the_property_the_data_directory_is_data_in_the_working_directory() {
        assertThat(ShoeboxHome.of((String) null)).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(ShoeboxHome.resolve("x", (String) null)).isEqualTo(Path.of("data/x").toAbsolutePath());
    }
}
