package io.shoebox.repository.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import io.shoebox.api.storage.Storage;
import io.shoebox.repository.internal.crypto.Kdf;
import io.shoebox.storage.local.internal.LocalStorage;

/** A repository on a local folder with cheap key derivation and small packs, so tests run fast. */
abstract class RepositoryFixture {

    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final int PACK_SIZE = 256 * 1024;
    /** A logger that writes nothing. */
    static final Logger SILENT = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> null);

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
        return DefaultRepository.init(storage(), PASSWORD, null, fast(), SILENT);
    }

    DefaultRepository open() throws Exception {
        return DefaultRepository.open(storage(), PASSWORD, null, fast(), SILENT);
    }

    static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
