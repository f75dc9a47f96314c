package io.shoebox.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columns_are_as_wide_as_their_widest_cell_and_numbers_can_align_right() {
        String table = new TextTable("NAME", "FILES", "NOTE").alignRight(1)
                .row("phone", 24, "")
                .row("camera-card", 1500, null)
                .render();

        assertThat(table).isEqualTo("""
                NAME         FILES  NOTE
                phone           24
                camera-card   1500  -
                """);
    }

    @Test
    void a_row_must_fill_every_column() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
