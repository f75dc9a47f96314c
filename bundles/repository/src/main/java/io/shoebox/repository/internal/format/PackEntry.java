package io.shoebox.repository.internal.format;

import io.shoebox.repository.BlobId;
import io.shoebox.repository.BlobType;

/**
 * One blob in a pack.
 *
 * @param type the blob's type
 * @param id the blob's id
 * @param offset where its encrypted form starts in the pack
 * @param length length of its encrypted form ({@code nonce || ciphertext || tag})
 * @param plainLength length of its plaintext after decryption and decompression
 */
public record PackEntry(BlobType type, BlobId id, long offset, int length, int plainLength) {
}
