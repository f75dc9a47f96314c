package io.shoebox.repository.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;

import io.shoebox.api.storage.Storage;
import io.shoebox.repository.internal.crypto.Kdf;
import io.shoebox.storage.local.LocalStorage;

/** A repository on a local folder with cheap key derivation and small packs, so tests run fast. */
abstract class RepositoryFixture {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final int PACK_SIZE = 256 * 1024;

    @TempDir
    Path folder;

    static RepositoryOptions fast() {
        return RepositoryOptions.defaults()
                .withKdf(new Kdf(1024, 1, 1))
                .withPackSize(PACK_SIZE)
                .withLocks(Duration.ofMinutes(3), Duration.ofMinutes(1), Duration.ofMillis(20))
                .withUploads(2, 2, 3, Duration.ofMillis(10));
    }

    Path root() {
        return folder.resolve("repo");
    }

    Storage storage() {
        return new LocalStorage(root(), true);
    }

    DefaultRepository init() throws Exception {
        return DefaultRepository.init(storage(), PASSWORD, null, fast());
    }

    DefaultRepository open() throws Exception {
        return DefaultRepository.open(storage(), PASSWORD, null, fast());
    }

    static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
