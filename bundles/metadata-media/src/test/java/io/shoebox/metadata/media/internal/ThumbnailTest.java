package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.decode;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.pngChunk;
import static io.shoebox.metadata.media.internal.TestFiles.thumbnail;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.withExif;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ThumbnailTest {

    /** A photo whose picture is red and whose EXIF thumbnail is blue, so a thumbnail tells where it came from. */
    private static byte[] redPhotoWithBlueThumbnail(int orientation) {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().text(TiffBuilder.MAKE, "Canon").shorts(TiffBuilder.ORIENTATION, orientation)
                .next(tiff.dir().shorts(0x103, 6).blob(0x201, 0x202, jpeg(160, 120, Color.BLUE, Color.BLUE)));
        return withExif(jpeg(2000, 1500, Color.RED), tiff.build());
    }

    private static boolean isRed(Color c) {
        return c.getRed() > 200 && c.getGreen() < 60 && c.getBlue() < 60;
    }

    private static boolean isBlue(Color c) {
        return c.getBlue() > 200 && c.getRed() < 60 && c.getGreen() < 60;
    }

    private static Color centre(BufferedImage image) {
        return new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
    }

    @Test
    void theExifThumbnailServesAGridWithoutDecodingThePicture() throws IOException {
        byte[] photo = redPhotoWithBlueThumbnail(1);
        CountingStream stream = new CountingStream(new ByteArrayInputStream(photo));

        BufferedImage thumbnail = decode(new MediaThumbnailer().thumbnail("image/jpeg", stream, 256));

        assertThat(isBlue(centre(thumbnail))).isTrue();
        assertThat(thumbnail.getWidth()).as("not enlarged").isEqualTo(160);
        assertThat(thumbnail.getHeight()).isEqualTo(120);
        assertThat(stream.count).as("bytes read of %d", photo.length).isLessThan(photo.length / 2);
    }

    @Test
    void thePictureIsDecodedWhenThePreviewIsMuchSmallerThanAsked() {
        BufferedImage thumbnail = decode(thumbnail(redPhotoWithBlueThumbnail(1), 1024));

        assertThat(isRed(centre(thumbnail))).isTrue();
        assertThat(thumbnail.getWidth()).isEqualTo(1024);
        assertThat(thumbnail.getHeight()).isEqualTo(768);
    }

    @Test
    void aJpegWithoutPreviewIsDecodedAndShrunk() {
        BufferedImage thumbnail = decode(thumbnail(jpeg(1200, 900, Color.RED), 256));

        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(192);
        assertThat(isRed(centre(thumbnail))).isTrue();
    }

    @Test
    void theThumbnailIsTurnedUpright() {
        // Stored red over blue; orientation 6 means the camera was turned a quarter: upright, red is on the right.
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().shorts(TiffBuilder.ORIENTATION, 6);
        byte[] photo = withExif(jpeg(400, 300, Color.RED, Color.BLUE), tiff.build());

        BufferedImage thumbnail = decode(thumbnail(photo, 200));

        assertThat(thumbnail.getWidth()).isEqualTo(150);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
        assertThat(isRed(new Color(thumbnail.getRGB(140, 100)))).isTrue();
        assertThat(isBlue(new Color(thumbnail.getRGB(10, 100)))).isTrue();
    }

    @Test
    void aRawsEmbeddedPreviewIsUsed() {
        // NEF-like: IFD0 holds a tiny uncompressed thumbnail, a sub-directory the JPEG preview, another the raw data.
        TiffBuilder nef = new TiffBuilder(false);
        TiffBuilder.Dir preview = nef.dir().shorts(0x103, 6).blob(0x201, 0x202, jpeg(600, 400, Color.GREEN));
        TiffBuilder.Dir raw = nef.dir().longs(0x100, 6000).longs(0x101, 4000).shorts(0x103, 34713).shorts(0x106, 32803);
        nef.ifd0().longs(0x100, 160).longs(0x101, 120).shorts(0x103, 1).text(TiffBuilder.MAKE, "NIKON CORPORATION")
                .pointers(TiffBuilder.SUB_IFDS, preview, raw);
        byte[] file = nef.build();

        assertThat(TestFiles.extract("DSC_0001.NEF", file).mediaType()).isEqualTo("image/x-nikon-nef");
        BufferedImage thumbnail = decode(thumbnail(file, 300));

        assertThat(thumbnail.getWidth()).isEqualTo(300);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
        assertThat(new Color(thumbnail.getRGB(150, 100)).getGreen()).isGreaterThan(200);
    }

    @Test
    void aDecompressionBombIsRefusedBeforeDecoding() {
        // A few hundred bytes claiming 100 000 x 100 000 pixels.
        byte[] ihdr = concat(u32(100_000), u32(100_000), new byte[] {8, 2, 0, 0, 0});
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[100_000]);
        deflater.finish();
        byte[] compressed = new byte[2000];
        int n = deflater.deflate(compressed);
        byte[] png = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                pngChunk("IHDR", ihdr), pngChunk("IDAT", java.util.Arrays.copyOf(compressed, n)), pngChunk("IEND", new byte[0]));

        long start = System.nanoTime();
        assertThat(thumbnail(png, 256)).isNull();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void transparencyIsLaidOverWhite() throws IOException {
        BufferedImage transparent = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(transparent, "png", png);

        BufferedImage thumbnail = decode(thumbnail(png.toByteArray(), 64));

        Color c = centre(thumbnail);
        assertThat(c.getRed() + c.getGreen() + c.getBlue()).isGreaterThan(3 * 245);
    }

    @Test
    void aHeifPictureGetsAThumbnailOnlyFromItsExifThumbnail() {
        TiffBuilder withThumbnail = new TiffBuilder();
        withThumbnail.ifd0().text(TiffBuilder.MAKE, "samsung")
                .next(withThumbnail.dir().shorts(0x103, 6).blob(0x201, 0x202, jpeg(320, 240, Color.BLUE)));
        byte[] without = TiffBuilder.exif("Apple", "iPhone 11 Pro", "2020:05:04 18:39:11", null);

        byte[] fromExif = thumbnail(HeifTest.heic(withThumbnail.build(), HeifTest.Layout.MEDIA_DATA_AFTER_META, -1), 256);

        assertThat(isBlue(centre(decode(fromExif)))).isTrue();
        assertThat(thumbnail(HeifTest.heic(without, HeifTest.Layout.MEDIA_DATA_AFTER_META, -1), 256)).isNull();
    }

    @Test
    void nothingForWhatCannotBeDecodedHere() {
        assertThat(thumbnail(concat(ascii("RIFF"), u32(20), ascii("WEBPVP8 "), new byte[12]), 256)).isNull();
        assertThat(thumbnail(concat(TestFiles.ftyp("qt  "), Movies.moov(Movies.mvhd(0, 600, 600))), 256)).isNull();
        assertThat(thumbnail(ascii("hello"), 256)).isNull();
        assertThat(thumbnail(new byte[0], 256)).isNull();
    }

    @Test
    void theEdgeMustBeSensible() {
        assertThatThrownBy(() -> thumbnail(jpeg(10, 10, Color.RED), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> thumbnail(jpeg(10, 10, Color.RED), 100_000)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Counts the bytes read through it. */
    static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
