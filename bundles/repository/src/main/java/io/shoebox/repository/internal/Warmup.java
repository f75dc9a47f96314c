package io.shoebox.repository.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.crypto.AEADBadTagException;

import io.shoebox.repository.BlobType;
import io.shoebox.repository.Chunker;
import io.shoebox.repository.internal.chunk.ChunkerParams;
import io.shoebox.repository.internal.chunk.PhotoAwareChunker;
import io.shoebox.repository.internal.crypto.MasterKey;
import io.shoebox.repository.internal.format.PackFormat;

/**
 * Runs the hot paths of a backup and a restore (chunking, blob ids, sealing, opening, pack hashes)
 * over throwaway data with a throwaway key, so the JIT has compiled them, with the CPU's AES,
 * carry-less multiply and SHA instructions, before the first real backup. Without it a server's
 * first gigabyte goes through at a fraction of the speed of the next.
 */
public final class Warmup {

    private Warmup() {
    }

    public static void run(long bytes) {
        MasterKey key = MasterKey.random();
        Chunker chunker = new PhotoAwareChunker(MasterKey.randomBytes(32), ChunkerParams.defaults());
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        byte[] out = new byte[(4 << 20) + MasterKey.OVERHEAD];
        long done = 0;
        try {
            while (done < bytes) {
                chunker.split(new ByteArrayInputStream(data), "warmup.bin", (buffer, offset, length) -> {
                    var id = key.blobId(buffer, offset, length);
                    byte[] aad = PackFormat.blobAad(BlobType.DATA, id);
                    byte[] target = length + MasterKey.OVERHEAD <= out.length ? out : new byte[length + MasterKey.OVERHEAD];
                    key.seal(buffer, offset, length, aad, target, 0);
                    MasterKey.sha256(target, 0, length + MasterKey.OVERHEAD);
                    try {
                        key.open(target, 0, length + MasterKey.OVERHEAD, aad);
                    } catch (AEADBadTagException e) {
                        throw new IllegalStateException("warm-up data did not authenticate", e);
                    }
                });
                done += data.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            key.destroy();
        }
    }
}
