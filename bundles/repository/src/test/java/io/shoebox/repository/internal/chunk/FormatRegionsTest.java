package io.shoebox.repository.internal.chunk;

import static io.shoebox.repository.internal.chunk.PhotoAwareChunkerTest.SEED;
import static io.shoebox.repository.internal.chunk.PhotoAwareChunkerTest.SMALL;
import static io.shoebox.repository.internal.chunk.PhotoAwareChunkerTest.concat;
import static io.shoebox.repository.internal.chunk.PhotoAwareChunkerTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Format awareness: metadata and media data of photos and videos are chunked as separate regions,
 * so that editing metadata leaves the media data's chunks untouched.
 */
class FormatRegionsTest {

    static final ChunkerParams DEFAULTS = ChunkerParams.defaults();
    static final PhotoAwareChunker CHUNKER = new PhotoAwareChunker(SEED, DEFAULTS);
    static final PhotoAwareChunker PLAIN = new PhotoAwareChunker(SEED, DEFAULTS, false);

    static byte[] baselineJpeg;
    static byte[] progressiveJpeg;

    @BeforeAll
    static void writeJpegs() throws IOException {
        BufferedImage image = noisyImage(2600, 1950);
        baselineJpeg = jpeg(image, false);
        progressiveJpeg = jpeg(noisyImage(1200, 900), true);
    }

    // ---------------------------------------------------------------- JPEG

    @Test
    void jpegExifEditOfAnotherLengthLeavesTheImageRegionChunksIdentical() {
        byte[] v1 = withApp1Exif(baselineJpeg, 9_000, 1);
        byte[] v2 = withApp1Exif(baselineJpeg, 11_500, 2);
        assertThat(v1.length).as("a realistic photo size").isBetween(3_000_000, 8_000_000);

        Chunks c1 = Chunks.of(CHUNKER, v1);
        Chunks c2 = Chunks.of(CHUNKER, v2);

        assertThat(c1.concatenated()).isEqualTo(v1);
        assertThat(c1.sizes().get(0)).as("metadata region up to the scan data").isEqualTo(scanDataStart(v1));
        assertThat(c2.sizes().get(0)).isEqualTo(scanDataStart(v2));
        assertThat(c2.ids().subList(1, c2.count())).as("image region chunks").isEqualTo(c1.ids().subList(1, c1.count()));
        long changed = c2.bytesNotIn(c1);
        System.out.printf("JPEG %d bytes, EXIF edit: region chunking uploads %d bytes (%.2f%%)%n", v2.length, changed,
                Chunks.percent(changed, v2.length));
        assertThat(Chunks.percent(changed, v2.length)).isLessThan(5.0);
    }

    @Test
    void theScanDataIsCutEveryNormalSizeFromItsStart() {
        byte[] photo = withApp1Exif(baselineJpeg, 9_000, 1);
        long scan = scanDataStart(photo);

        List<Long> ends = Chunks.of(CHUNKER, photo).boundaries();

        assertThat(ends.get(0)).isEqualTo(scan);
        for (int i = 1; i < ends.size() - 1; i++) {
            assertThat(ends.get(i)).as("end of media chunk %d", i).isEqualTo(scan + (long) i * DEFAULTS.avgSize());
        }
        assertThat(ends.get(ends.size() - 1)).isEqualTo(photo.length);
    }

    @Test
    void aRepositoryWithContentDefinedMediaDataCutsTheScanByContent() {
        byte[] photo = withApp1Exif(baselineJpeg, 9_000, 1);
        ChunkerParams contentDefined = new ChunkerParams(DEFAULTS.minSize(), DEFAULTS.avgSize(), DEFAULTS.maxSize(), false);
        long scan = scanDataStart(photo);

        List<Long> ends = Chunks.of(new PhotoAwareChunker(SEED, contentDefined), photo).boundaries();

        assertThat(ends.get(0)).isEqualTo(scan);
        assertThat(ends.subList(1, ends.size() - 1))
                .as("content-defined ends fall anywhere, not on the fixed grid")
                .anyMatch(end -> (end - scan) % DEFAULTS.avgSize() != 0);
    }

    @Test
    void plainCdcWouldReuploadAMegabyteForTheSameEdit() {
        byte[] v1 = withApp1Exif(baselineJpeg, 9_000, 1);
        byte[] v2 = withApp1Exif(baselineJpeg, 11_500, 2);
        long changed = Chunks.of(PLAIN, v2).bytesNotIn(Chunks.of(PLAIN, v1));
        System.out.printf("JPEG %d bytes, EXIF edit: plain CDC uploads %d bytes (%.2f%%)%n", v2.length, changed,
                Chunks.percent(changed, v2.length));
        assertThat(Chunks.percent(changed, v2.length)).isGreaterThan(5.0);
    }

    @Test
    void progressiveJpegScansAreOneImageRegion() {
        assertThat(countMarkers(progressiveJpeg, 0xDA)).as("SOS markers").isGreaterThan(1);
        byte[] v1 = withApp1Exif(progressiveJpeg, 2_000, 3);
        byte[] v2 = withApp1Exif(progressiveJpeg, 3_000, 4);
        Chunks c1 = Chunks.of(new PhotoAwareChunker(SEED, SMALL), v1);
        Chunks c2 = Chunks.of(new PhotoAwareChunker(SEED, SMALL), v2);
        assertThat(c1.concatenated()).isEqualTo(v1);
        assertThat(c1.boundaries()).contains((long) scanDataStart(v1));
        assertThat(c2.bytesNotIn(c1)).isLessThanOrEqualTo(scanDataStart(v2));
    }

    @Test
    void aJpegWhoseSegmentsAreCutShortIsChunkedPlainly() {
        byte[] v1 = withApp1Exif(baselineJpeg, 9_000, 1);
        byte[] truncated = java.util.Arrays.copyOf(v1, 5_000); // ends inside the APP1 segment
        assertThat(Chunks.of(CHUNKER, truncated).sizes()).containsExactly(5_000);
        byte[] broken = v1.clone();
        broken[2 + 4 + 9_000] = 0x12; // where the marker after APP1 should be
        Chunks chunks = Chunks.of(CHUNKER, broken);
        assertThat(chunks.concatenated()).isEqualTo(broken);
        assertThat(chunks.sizes().get(0)).as("no region boundary, plain CDC").isGreaterThanOrEqualTo(DEFAULTS.minSize());
    }

    // ---------------------------------------------------------------- ISO BMFF

    @Test
    void isoBmffMetadataBoxesAreApartFromMdat() {
        byte[] media = random(9_000_000, 21);
        byte[] v1 = concat(box("ftyp", "qt  ".getBytes(StandardCharsets.US_ASCII)), box("wide", new byte[0]),
                box("mdat", media), box("moov", random(40_000, 22)));
        byte[] v2 = concat(box("ftyp", "qt  ".getBytes(StandardCharsets.US_ASCII)), box("wide", new byte[0]),
                box("mdat", media), box("moov", random(41_234, 23)), box("free", new byte[100]));
        Chunks c1 = Chunks.of(CHUNKER, v1);
        Chunks c2 = Chunks.of(CHUNKER, v2);
        assertThat(c1.concatenated()).isEqualTo(v1);
        assertThat(c1.sizes().get(0)).as("ftyp + wide").isEqualTo(12 + 8);
        assertThat(c1.sizes().get(c1.count() - 1)).as("moov").isEqualTo(40_008);
        assertThat(c1.sizes().subList(1, 9)).as("mdat, cut every normal size from the box start")
                .containsOnly(DEFAULTS.avgSize());
        assertThat(c2.bytesNotIn(c1)).isEqualTo(41_242 + 108);
    }

    @Test
    void theMdatOfAHeifImageHoldsMetadataItemsTooAndIsCutByContent() {
        byte[] ftyp = box("ftyp", "heic\0\0\0\0mif1heicmiaf".getBytes(StandardCharsets.US_ASCII));
        byte[] image = concat(ftyp, box("meta", random(3_000, 28)), box("mdat", random(6_000_000, 29)));
        long mdatStart = ftyp.length + 3_008;

        List<Long> ends = Chunks.of(CHUNKER, image).boundaries();

        assertThat(ends.get(0)).as("ftyp + meta").isEqualTo(mdatStart);
        assertThat(ends.subList(1, ends.size() - 1)).as("content-defined ends inside mdat")
                .anyMatch(end -> (end - mdatStart) % DEFAULTS.avgSize() != 0);
    }

    @Test
    void moovBeforeMdatGrowingDoesNotTouchMdatChunks() {
        byte[] media = random(6_000_000, 24);
        byte[] v1 = concat(box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)), box("moov", random(3_000, 25)),
                box("mdat", media));
        byte[] v2 = concat(box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)), box("moov", random(3_700, 26)),
                box("mdat", media));
        Chunks c1 = Chunks.of(CHUNKER, v1);
        Chunks c2 = Chunks.of(CHUNKER, v2);
        assertThat(c1.sizes().get(0)).isEqualTo(12 + 3_008);
        assertThat(c2.bytesNotIn(c1)).isEqualTo(12 + 3_708);
    }

    @Test
    void largeSizeAndToEndOfFileBoxesAreUnderstood() {
        byte[] media = random(700_000, 27);
        ByteBuffer large = ByteBuffer.allocate(16 + media.length);
        large.putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(16L + media.length).put(media);
        byte[] withLarge = concat(box("ftyp", new byte[8]), large.array(), box("moov", new byte[500]));
        Chunks c = Chunks.of(new PhotoAwareChunker(SEED, SMALL), withLarge);
        assertThat(c.boundaries()).contains(16L, 16L + 16 + media.length).last().isEqualTo((long) withLarge.length);

        byte[] toEnd = concat(box("ftyp", new byte[8]), box("moov", new byte[500]), sizeZeroBox("mdat", media));
        Chunks d = Chunks.of(new PhotoAwareChunker(SEED, SMALL), toEnd);
        assertThat(d.sizes().get(0)).isEqualTo(16 + 508);
        assertThat(d.concatenated()).isEqualTo(toEnd);
    }

    @Test
    void aBoxSizeBeyondTheEndOfTheFileIsHarmless() {
        byte[] file = concat(box("ftyp", new byte[8]), box("moov", new byte[100]), random(50_000, 28));
        ByteBuffer.wrap(file).putInt(16 + 108, 0x7fff_fff0).put(16 + 108 + 4, "mdat".getBytes(StandardCharsets.US_ASCII));
        Chunks c = Chunks.of(new PhotoAwareChunker(SEED, SMALL), file);
        assertThat(c.concatenated()).isEqualTo(file);
    }

    // ---------------------------------------------------------------- PNG

    @Test
    void pngTextChunksAreApartFromImageData() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(noisyImage(900, 700), "png", out);
        byte[] png = out.toByteArray();
        byte[] v1 = withPngChunkAfterIhdr(png, "tEXt", "Author\0Alice".getBytes(StandardCharsets.ISO_8859_1));
        byte[] v2 = withPngChunkAfterIhdr(png, "tEXt", "Author\0Bob the photographer".getBytes(StandardCharsets.ISO_8859_1));
        Chunks c1 = Chunks.of(CHUNKER, v1);
        Chunks c2 = Chunks.of(CHUNKER, v2);
        assertThat(c1.concatenated()).isEqualTo(v1);
        assertThat(c1.sizes().get(0)).isEqualTo(indexOf(v1, "IDAT") - 4);
        assertThat(c1.sizes().get(c1.count() - 1)).as("IEND").isEqualTo(12);
        assertThat(c2.bytesNotIn(c1)).isEqualTo((long) c2.sizes().get(0));
    }

    // ---------------------------------------------------------------- other

    @Test
    void theFileNameIsOnlyAHint() {
        byte[] v1 = withApp1Exif(baselineJpeg, 9_000, 1);
        List<Long> named = Chunks.of(CHUNKER, v1).boundaries();
        List<Long> misnamed = new java.util.ArrayList<>();
        long[] at = {0};
        try {
            CHUNKER.split(new java.io.ByteArrayInputStream(v1), "holiday.mov", (b, o, l) -> misnamed.add(at[0] += l));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(misnamed).isEqualTo(named);
    }

    // ---------------------------------------------------------------- helpers

    static BufferedImage noisyImage(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + random.nextInt(64)) & 0xff;
                int g = (y * 255 / h + random.nextInt(64)) & 0xff;
                int b = ((x + y) * 255 / (w + h) + random.nextInt(64)) & 0xff;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment of {@code size} bytes inserted right after SOI. */
    static byte[] withApp1Exif(byte[] jpeg, int size, long seed) {
        byte[] payload = random(size, seed);
        byte[] header = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8};
        System.arraycopy(header, 0, payload, 0, header.length);
        for (int i = header.length; i < payload.length; i++) {
            if (payload[i] == (byte) 0xFF) {
                payload[i] = 0; // keep it looking like TIFF data, not markers (it would not matter)
            }
        }
        ByteBuffer segment = ByteBuffer.allocate(4 + size);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (size + 2)).put(payload);
        return concat(java.util.Arrays.copyOf(jpeg, 2), segment.array(), java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** Offset where the first scan's entropy-coded data starts (found by walking the segments). */
    static int scanDataStart(byte[] jpeg) {
        int p = 2;
        while (true) {
            int marker = jpeg[p + 1] & 0xff;
            int length = ((jpeg[p + 2] & 0xff) << 8) | (jpeg[p + 3] & 0xff);
            if (marker == 0xDA) {
                return p + 2 + length;
            }
            p += 2 + length;
        }
    }

    static int countMarkers(byte[] jpeg, int marker) {
        int n = 0;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] & 0xff) == marker) {
                n++;
            }
        }
        return n;
    }

    static byte[] box(String type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(8 + payload.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(payload);
        return b.array();
    }

    static byte[] sizeZeroBox(String type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(0).put(type.getBytes(StandardCharsets.US_ASCII)).put(payload);
        return b.array();
    }

    static byte[] withPngChunkAfterIhdr(byte[] png, String type, byte[] data) {
        int afterIhdr = 8 + 12 + 13;
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return concat(java.util.Arrays.copyOf(png, afterIhdr), chunk.array(),
                java.util.Arrays.copyOfRange(png, afterIhdr, png.length));
    }

    static int indexOf(byte[] data, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
