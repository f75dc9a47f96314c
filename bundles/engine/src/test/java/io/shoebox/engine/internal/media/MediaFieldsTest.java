package io.shoebox.engine.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

class MediaFieldsTest {

    private static final MediaMetadata LISBON_PHOTO = new MediaMetadata("image/heic",
            LocalDateTime.of(2019, 6, 13, 21, 4, 5), ZoneOffset.ofHours(1), TakenAtOrigin.EXIF, "Apple",
            "iPhone XS", "iPhone XS back dual camera 4.25mm f/1.8", 38.7139, -9.1394, 12.5, 4032, 3024, 6, null,
            "5F3C0A2B-1D7E-4C1A-9D0B-5B8E2C0F1A11", List.of("GPS altitude unreadable", "second line"));

    @Test
    void metadata_survives_the_round_trip_through_a_node_map() {
        assertThat(MediaFields.fromMap(MediaFields.toMap(LISBON_PHOTO))).isEqualTo(LISBON_PHOTO);
    }

    @Test
    void absent_values_have_no_key_and_only_scalars_are_stored() {
        Map<String, Object> map = MediaFields.toMap(MediaMetadata.unknown("video/mp4", List.of()));

        assertThat(map).containsOnlyKeys("mediaType");
        assertThat(MediaFields.toMap(LISBON_PHOTO).values()).allMatch(v -> v instanceof String || v instanceof Number);
    }

    @Test
    void a_node_never_examined_has_no_metadata() {
        assertThat(MediaFields.fromMap(Map.of())).isNull();
    }

    @Test
    void values_of_the_wrong_kind_are_dropped_not_trusted() {
        Map<String, Object> map = new HashMap<>(MediaFields.toMap(LISBON_PHOTO));
        map.put("takenAt", "yesterday");
        map.put("latitude", "north");
        map.put("width", 1L << 40);
        map.put("takenAtOrigin", "GUESS");

        MediaMetadata read = MediaFields.fromMap(map);

        assertThat(read.takenAt()).isNull();
        assertThat(read.latitude()).isNull();
        assertThat(read.width()).isNull();
        assertThat(read.takenAtOrigin()).isNull();
        assertThat(read.model()).isEqualTo("iPhone XS");
    }
}
