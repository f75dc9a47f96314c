package io.shoebox.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.shoebox.api.storage.ByteSource;
import io.shoebox.repository.Chunker;
import io.shoebox.repository.internal.format.Json;
import io.shoebox.repository.internal.format.Sealed;

/**
 * How a repository cuts the media data of a video follows its config: a new repository records fixed
 * cuts, and one whose config does not mention media data (made before) keeps cutting it by content, so
 * that its existing chunks still deduplicate.
 */
class ChunkerConfigTest extends RepositoryFixture {

    private static final int MIB = 1 << 20;

    @Test
    void a_new_repository_cuts_the_mdat_of_a_video_every_mebibyte() throws Exception {
        try (DefaultRepository repository = init()) {
            assertThat(mdatChunks(repository.chunker())).containsOnly(MIB);
        }
    }

    @Test
    void a_repository_whose_config_does_not_mention_media_data_cuts_it_by_content() throws Exception {
        try (DefaultRepository repository = init()) {
            byte[] sealed = DefaultRepository.readAll(repository.storage(), DefaultRepository.CONFIG);
            ObjectNode config = (ObjectNode) Json.MAPPER.readTree(Sealed.CONFIG.open(repository.masterKey(), sealed, "config"));
            ((ObjectNode) config.get("chunker")).remove("mediaData");
            repository.storage().delete(DefaultRepository.CONFIG);
            repository.storage().create(DefaultRepository.CONFIG,
                    ByteSource.of(Sealed.CONFIG.seal(repository.masterKey(), Json.bytes(config))));
        }
        try (DefaultRepository reopened = open()) {
            assertThat(mdatChunks(reopened.chunker())).anyMatch(size -> size != MIB);
        }
    }

    /** Sizes of the chunks inside the mdat of a small MP4, whole ones only (the last is a remainder). */
    private static List<Integer> mdatChunks(Chunker chunker) throws Exception {
        byte[] moov = random(1, 4_000);
        byte[] video = concat(box("ftyp", "isom\0\0\0\0isom".getBytes(StandardCharsets.US_ASCII)), box("moov", moov),
                box("mdat", random(2, 6 * MIB)));
        List<Integer> sizes = new ArrayList<>();
        chunker.split(new ByteArrayInputStream(video), "clip.mp4", (buffer, offset, length) -> sizes.add(length));
        return sizes.subList(1, sizes.size() - 1);
    }

    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length).putInt(8 + payload.length)
                .put(type.getBytes(StandardCharsets.US_ASCII)).put(payload).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
