package io.shoebox.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.admin.InvalidConfigurationException;
import io.shoebox.api.catalog.ItemQuery;

class ItemQueriesTest {

    private static ItemQuery parse(Map<String, String> parameters) {
        return ItemQueries.parse(parameters::get);
    }

    @Test
    void no_parameters_ask_for_the_first_page_of_everything() {
        assertThat(parse(Map.of())).isEqualTo(ItemQuery.all(ItemQueries.DEFAULT_LIMIT));
    }

    @Test
    void a_date_range_includes_the_whole_last_day() {
        ItemQuery query = parse(Map.of("from", "2019-06-01", "to", "2019-06-30"));

        assertThat(query.takenFrom()).isEqualTo(LocalDateTime.of(2019, 6, 1, 0, 0));
        assertThat(query.takenTo()).isEqualTo(LocalDateTime.of(2019, 7, 1, 0, 0));
    }

    @Test
    void every_criterion_is_read() {
        ItemQuery query = parse(Map.of("from", "2019-06-13T08:00", "camera", " iPhone ", "q", "lisbon",
                "source", "phone", "folder", "/DCIM/100APPLE/", "type", "video", "bbox", "38.6,-9.3,38.8,-9.0",
                "offset", "100", "limit", "25"));

        assertThat(query.takenFrom()).isEqualTo(LocalDateTime.of(2019, 6, 13, 8, 0));
        assertThat(query.camera()).isEqualTo("iPhone");
        assertThat(query.text()).isEqualTo("lisbon");
        assertThat(query.source()).isEqualTo("phone");
        assertThat(query.folder()).isEqualTo("DCIM/100APPLE");
        assertThat(query.mediaType()).isEqualTo("video");
        assertThat(query.place()).isEqualTo(new ItemQuery.BoundingBox(38.6, -9.3, 38.8, -9.0));
        assertThat(query.offset()).isEqualTo(100);
        assertThat(query.limit()).isEqualTo(25);
    }

    @Test
    void bad_values_are_refused_naming_their_parameter() {
        Map<String, Map<String, String>> bad = Map.of(
                "from", Map.of("from", "13/06/2019"),
                "to", Map.of("from", "2019-06-13", "to", "2019-06-01"),
                "limit", Map.of("limit", "5000"),
                "offset", Map.of("offset", "-1"),
                "bbox", Map.of("bbox", "38.6,-9.3,north,-9.0"));
        bad.forEach((field, parameters) -> assertThatThrownBy(() -> parse(parameters))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.field()).isEqualTo(field)));
        assertThatThrownBy(() -> parse(Map.of("bbox", "50,0,40,10"))).hasMessageContaining("south <= north");
    }

    @Test
    void a_camera_is_named_by_make_and_model_without_saying_the_make_twice() {
        assertThat(Representations.camera("Apple", "iPhone XS")).isEqualTo("Apple iPhone XS");
        assertThat(Representations.camera("Canon", "Canon EOS 5D")).isEqualTo("Canon EOS 5D");
        assertThat(Representations.camera("NIKON CORPORATION", "NIKON D750")).isEqualTo("NIKON D750");
        assertThat(Representations.camera(null, "Pixel 7")).isEqualTo("Pixel 7");
        assertThat(Representations.camera("", " ")).isNull();
    }
}
