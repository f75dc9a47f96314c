package io.shoebox.metadata.media.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes a picture with the JDK's Image I/O, small: the declared size is checked before any pixel is
 * decoded (a 100 000 × 100 000 PNG of a few kilobytes is refused, not attempted), rows and columns are
 * subsampled while decoding so that the result is about twice the wanted edge, and a decode that
 * outlives the deadline is aborted between rows.
 */
final class ImageDecoding {

    /** Pictures declaring more pixels than this are not decoded. */
    static final long MAX_PIXELS = 50_000_000L;

    private ImageDecoding() {
    }

    /**
     * The picture in {@code in}, or {@code null} when it is too large, the format has no reader or the
     * deadline passed.
     *
     * @param format an Image I/O format name: {@code jpeg}, {@code png}, {@code gif}, {@code tiff}
     * @throws IOException when the data cannot be decoded
     */
    static BufferedImage decode(InputStream in, String format, int maxEdge, ReadGuard guard) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try (ImageInputStream input = new MemoryCacheImageInputStream(in)) {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
                return null;
            }
            int step = Math.max(1, Math.max(width, height) / (2 * maxEdge));
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            reader.addIIOReadProgressListener(new AbortWhenTimeIsUp(guard));
            BufferedImage image = reader.read(0, param);
            return guard.timeIsUp() ? null : image;
        } finally {
            reader.dispose();
        }
    }

    /** Aborts a decode between rows once the file's time is up. */
    private record AbortWhenTimeIsUp(ReadGuard guard) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (guard.timeIsUp()) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }
}
