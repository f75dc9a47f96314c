package io.shoebox.repository.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;
import io.shoebox.repository.internal.crypto.MasterKey;

/**
 * A pack is named by the SHA-256 of its tail (sealed header and trailer), which lists the ids its
 * blobs are sealed under; a pack named by all its bytes, as packs were before, is still recognised.
 */
class PackNameTest {

    private final MasterKey key = MasterKey.random();
    private final byte[] pack = new byte[3 << 20];
    private final int length = writePack();

    @Test
    void a_pack_is_named_by_the_sha256_of_its_header_and_trailer() {
        int headerLength = PackFormat.headerLength(pack, length - PackFormat.TRAILER);
        int tail = length - PackFormat.TRAILER - headerLength;

        assertThat(PackFormat.name(pack, length)).isEqualTo(MasterKey.sha256Hex(pack, tail, length - tail));
        assertThat(PackFormat.nameMatches(pack, length, PackFormat.name(pack, length))).isTrue();
    }

    @Test
    void a_pack_named_by_all_its_bytes_is_still_recognised() {
        assertThat(PackFormat.nameMatches(pack, length, MasterKey.sha256Hex(pack, 0, length))).isTrue();
    }

    @Test
    void a_changed_header_no_longer_matches_the_name() {
        String name = PackFormat.name(pack, length);
        pack[length - PackFormat.TRAILER - 5] ^= 1;

        assertThat(PackFormat.nameMatches(pack, length, name)).isFalse();
    }

    @Test
    void a_pack_cut_short_matches_no_name() {
        String name = PackFormat.name(pack, length);

        assertThat(PackFormat.nameMatches(pack, length - 1, name)).isFalse();
        assertThat(PackFormat.nameMatches(pack, 2, name)).isFalse();
    }

    private int writePack() {
        Random random = new Random(3);
        List<PackEntry> entries = new ArrayList<>();
        int position = 0;
        for (int i = 0; i < 3; i++) {
            byte[] plain = new byte[700_000 + i];
            random.nextBytes(plain);
            BlobId id = BlobId.of(key.mac(plain, 0, plain.length));
            key.seal(plain, 0, plain.length, PackFormat.blobAad(BlobType.DATA, id), pack, position);
            int sealed = plain.length + MasterKey.OVERHEAD;
            entries.add(new PackEntry(BlobType.DATA, id, position, sealed, plain.length));
            position += sealed;
        }
        int end = PackFormat.writeTail(key, entries, pack, position);
        Arrays.fill(pack, end, pack.length, (byte) 0);
        return end;
    }
}
