package io.shoebox.metadata.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pixels a thumbnail starts from are the picture's own, whichever layout the decoder chose: those
 * read straight from the raster match what the color model gives, and encoding keeps them.
 */
class PixelsTest {

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB})
    void pixels_are_read_as_the_color_model_defines_them(int type) throws Exception {
        BufferedImage image = noise(type, 37, 23);

        Pixels pixels = Pixels.of(image);

        int[] expected = image.getRGB(0, 0, 37, 23, null, 0, 37);
        for (int i = 0; i < expected.length; i++) {
            assertThat(pixels.rgb(i % 37, i / 37)).as("pixel %d", i).isEqualTo(expected[i] & 0xFFFFFF);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB})
    void an_encoded_thumbnail_keeps_the_colors(int type) throws Exception {
        BufferedImage image = new BufferedImage(64, 48, type);
        var graphics = image.createGraphics();
        graphics.setColor(new java.awt.Color(200, 40, 90));
        graphics.fillRect(0, 0, 32, 48);
        graphics.setColor(new java.awt.Color(20, 180, 60));
        graphics.fillRect(32, 0, 32, 48);
        graphics.dispose();

        byte[] jpeg = Pixels.of(image).jpeg(0.9f);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));

        assertClose(decoded.getRGB(8, 24), image.getRGB(8, 24));
        assertClose(decoded.getRGB(56, 24), image.getRGB(56, 24));
    }

    private static void assertClose(int actual, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat(actual >> shift & 0xFF).isCloseTo(expected >> shift & 0xFF, org.assertj.core.data.Offset.offset(8));
        }
    }

    private static BufferedImage noise(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, 0xFF000000 | random.nextInt(0x1000000));
            }
        }
        return image;
    }
}
