package io.shoebox.metadata.media.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A small picture as opaque RGB pixels, the last steps of a thumbnail: shrink to fit, turn upright,
 * encode as JPEG. Transparency is laid over white.
 */
final class Pixels {

    private final int width;
    private final int height;
    private final int[] rgb;

    private Pixels(int width, int height, int[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    static Pixels of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = direct(image);
        if (rgb != null) {
            return new Pixels(w, h, rgb);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        boolean alpha = image.getColorModel().hasAlpha();
        for (int i = 0; i < argb.length; i++) {
            argb[i] = alpha ? overWhite(argb[i]) : argb[i] & 0xFFFFFF;
        }
        return new Pixels(w, h, argb);
    }

    /**
     * The pixels of the layout JPEG decoding gives (3-byte BGR), read straight from the raster;
     * {@code null} for any other layout. {@link BufferedImage#getRGB} converts each pixel through the
     * color model, which costs more than decoding a small preview.
     */
    private static int[] direct(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return null;
        }
        WritableRaster raster = image.getRaster();
        if (raster.getParent() != null || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)) {
            return null;
        }
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int w = image.getWidth();
        int h = image.getHeight();
        int stride = model.getScanlineStride();
        int step = model.getPixelStride();
        int[] bands = model.getBandOffsets(); // red, green, blue
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            int at = y * stride;
            int row = y * w;
            for (int x = 0; x < w; x++, at += step) {
                rgb[row + x] = (data[at + bands[0]] & 0xFF) << 16 | (data[at + bands[1]] & 0xFF) << 8
                        | (data[at + bands[2]] & 0xFF);
            }
        }
        return rgb;
    }

    private static int overWhite(int argb) {
        int a = argb >>> 24;
        int r = ((argb >> 16 & 0xFF) * a + 255 * (255 - a)) / 255;
        int g = ((argb >> 8 & 0xFF) * a + 255 * (255 - a)) / 255;
        int b = ((argb & 0xFF) * a + 255 * (255 - a)) / 255;
        return r << 16 | g << 8 | b;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The pixel at (x, y) as 0xRRGGBB. */
    int rgb(int x, int y) {
        return rgb[y * width + x];
    }

    /** Shrinks (never enlarges) so that the longer edge is at most {@code maxEdge}, averaging each output pixel's area. */
    Pixels fit(int maxEdge) {
        int longEdge = Math.max(width, height);
        if (longEdge <= maxEdge) {
            return this;
        }
        int w = Math.max(1, (int) Math.round((double) width * maxEdge / longEdge));
        int h = Math.max(1, (int) Math.round((double) height * maxEdge / longEdge));
        int[] out = new int[w * h];
        for (int oy = 0; oy < h; oy++) {
            int y0 = (int) ((long) oy * height / h);
            int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * height / h));
            for (int ox = 0; ox < w; ox++) {
                int x0 = (int) ((long) ox * width / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * width / w));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int y = y0; y < y1; y++) {
                    int row = y * width;
                    for (int x = x0; x < x1; x++) {
                        int p = rgb[row + x];
                        r += p >> 16 & 0xFF;
                        g += p >> 8 & 0xFF;
                        b += p & 0xFF;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                out[oy * w + ox] = (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
            }
        }
        return new Pixels(w, h, out);
    }

    /** Turns the picture upright according to its EXIF orientation. */
    Pixels orient(int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return this;
        }
        boolean swap = Orientation.swapsSides(orientation);
        int w = swap ? height : width;
        int h = swap ? width : height;
        int[] out = new int[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> { dx = width - 1 - x; dy = y; }
                    case 3 -> { dx = width - 1 - x; dy = height - 1 - y; }
                    case 4 -> { dx = x; dy = height - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = height - 1 - y; dy = x; }
                    case 7 -> { dx = height - 1 - y; dy = width - 1 - x; }
                    default -> { dx = y; dy = width - 1 - x; } // 8
                }
                out[dy * w + dx] = rgb[y * width + x];
            }
        }
        return new Pixels(w, h, out);
    }

    byte[] jpeg(float quality) throws IOException {
        // Straight into a 3-byte BGR raster, the layout the JPEG writer takes without converting each
        // pixel: setRGB, or an int raster, would go through the color model pixel by pixel.
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0, at = 0; i < rgb.length; i++, at += 3) {
            int p = rgb[i];
            bgr[at] = (byte) p;
            bgr[at + 1] = (byte) (p >> 8);
            bgr[at + 2] = (byte) (p >> 16);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer in this Java runtime");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
