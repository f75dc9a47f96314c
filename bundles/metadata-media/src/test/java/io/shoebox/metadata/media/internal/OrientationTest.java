package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.decode;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.thumbnail;
import static io.shoebox.metadata.media.internal.TestFiles.withExif;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EXIF orientations 1 to 8: read as they are, and applied to thumbnails. */
class OrientationTest {

    /** A 200 x 100 picture in four quarters: red, green over blue, yellow. */
    private static byte[] quarters() throws IOException {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 100, 50);
        g.setColor(Color.GREEN);
        g.fillRect(100, 0, 100, 50);
        g.setColor(Color.BLUE);
        g.fillRect(0, 50, 100, 50);
        g.setColor(Color.YELLOW);
        g.fillRect(100, 50, 100, 50);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] oriented(int orientation) throws IOException {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().shorts(TiffBuilder.ORIENTATION, orientation);
        return withExif(quarters(), tiff.build());
    }

    /**
     * Where the stored top-left (red) and top-right (green) quarters are once upright: the EXIF
     * orientation names the side the stored first row and first column are on.
     */
    @ParameterizedTest(name = "orientation {0}: red {1}, green {2}")
    @CsvSource({
        "1, top-left,     top-right",
        "2, top-right,    top-left",
        "3, bottom-right, bottom-left",
        "4, bottom-left,  bottom-right",
        "5, top-left,     bottom-left",
        "6, top-right,    bottom-right",
        "7, bottom-right, top-right",
        "8, bottom-left,  top-left",
    })
    void thumbnailsAreTurnedUpright(int orientation, String red, String green) throws IOException {
        BufferedImage upright = decode(thumbnail(oriented(orientation), 200));

        boolean quarterTurn = orientation >= 5;
        assertThat(upright.getWidth()).isEqualTo(quarterTurn ? 100 : 200);
        assertThat(upright.getHeight()).isEqualTo(quarterTurn ? 200 : 100);
        assertThat(colourAt(upright, red)).isEqualTo("red");
        assertThat(colourAt(upright, green)).isEqualTo("green");
        assertThat(extract("a.jpg", oriented(orientation)).orientation()).isEqualTo(orientation);
    }

    @Test
    void anOrientationOutsideOneToEightIsNone() throws IOException {
        assertThat(extract("a.jpg", oriented(9)).orientation()).isNull();
        assertThat(extract("a.jpg", oriented(0)).orientation()).isNull();
    }

    @Test
    void heifRotationsAndMirrorsComposeIntoExifOrientations() {
        int[] quarterAnticlockwise = Orientation.matrix(8);
        int[] twice = Orientation.compose(quarterAnticlockwise, quarterAnticlockwise);
        int[] thrice = Orientation.compose(twice, quarterAnticlockwise);

        assertThat(Orientation.of(twice)).isEqualTo(3);
        assertThat(Orientation.of(thrice)).isEqualTo(6);
        assertThat(Orientation.of(Orientation.compose(Orientation.matrix(2), Orientation.matrix(8)))).isEqualTo(5);
        assertThat(Orientation.of(Orientation.compose(Orientation.matrix(2), Orientation.matrix(6)))).isEqualTo(7);
        assertThat(Orientation.of(Orientation.compose(Orientation.matrix(4), Orientation.matrix(2)))).isEqualTo(3);
    }

    private static String colourAt(BufferedImage image, String corner) {
        int x = corner.endsWith("left") ? image.getWidth() / 4 : 3 * image.getWidth() / 4;
        int y = corner.startsWith("top") ? image.getHeight() / 4 : 3 * image.getHeight() / 4;
        Color c = new Color(image.getRGB(x, y));
        if (c.getRed() > 200 && c.getGreen() > 200) {
            return "yellow";
        } else if (c.getRed() > 200) {
            return "red";
        } else if (c.getGreen() > 200) {
            return "green";
        } else if (c.getBlue() > 200) {
            return "blue";
        }
        return c.toString();
    }
}
