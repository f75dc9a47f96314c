package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.drew.lang.RandomAccessReader;

/**
 * The directories of a TIFF structure (a TIFF or raw file, or the EXIF of a JPEG or HEIF file) as far
 * as thumbnails need them: the orientation, the embedded JPEG previews and, for a plain TIFF, how its
 * first picture is stored.
 *
 * <p>Previews are found where cameras put them: the {@code JPEGInterchangeFormat} pair of tags (the
 * EXIF thumbnail in IFD1, the large previews of NEF and ARW), a directory whose single strip is
 * JPEG-compressed and not raw sensor data (CR2's first directory, DNG previews), and Panasonic's
 * {@code JpgFromRaw} tag. Loops, absurd entry counts and offsets past the limit end the walk.
 */
final class TiffPreviews {

    /** Where an embedded JPEG lies, relative to the TIFF header. */
    record Range(long offset, long length) {
    }

    private static final int MAX_DIRECTORIES = 32;
    private static final int MAX_ENTRIES = 1000;
    private static final int MAX_SUB_DIRECTORIES = 8;

    private static final int IMAGE_WIDTH = 0x100;
    private static final int IMAGE_HEIGHT = 0x101;
    private static final int BITS_PER_SAMPLE = 0x102;
    private static final int COMPRESSION = 0x103;
    private static final int PHOTOMETRIC = 0x106;
    private static final int MAKE = 0x10F;
    private static final int STRIP_OFFSETS = 0x111;
    private static final int ORIENTATION = 0x112;
    private static final int SAMPLES_PER_PIXEL = 0x115;
    private static final int ROWS_PER_STRIP = 0x116;
    private static final int STRIP_BYTE_COUNTS = 0x117;
    private static final int TILE_WIDTH = 0x142;
    private static final int TILE_LENGTH = 0x143;
    private static final int SUB_IFDS = 0x14A;
    private static final int JPEG_OFFSET = 0x201;
    private static final int JPEG_LENGTH = 0x202;
    private static final int PANASONIC_JPG_FROM_RAW = 0x2E;
    private static final int DNG_VERSION = 0xC612;
    private static final int CFA = 32803;
    private static final int LINEAR_RAW = 34892;

    /** The orientation of the first directory, 1 when it has none. */
    int orientation = 1;
    String make;
    boolean dng;
    boolean rawData;
    /** The first directory's picture, for decoding a plain TIFF. */
    long width;
    long height;
    long rowsPerStrip;
    long tileWidth;
    long tileLength;
    int bitsPerSample;
    int samplesPerPixel = 1;
    final List<Range> jpegs = new ArrayList<>();

    private final RandomAccessReader reader;

    private TiffPreviews(RandomAccessReader reader) {
        this.reader = reader;
    }

    /** Walks the structure that starts at index 0 of {@code reader}; what cannot be read is left out. */
    static TiffPreviews read(RandomAccessReader reader) throws IOException {
        TiffPreviews tiff = new TiffPreviews(reader);
        try {
            tiff.walk();
        } catch (ReadLimitException e) {
            throw e;
        } catch (IOException e) {
            // out of bounds: keep what was found
        }
        return tiff;
    }

    private void walk() throws IOException {
        int order = reader.getUInt16(0);
        if (order == 0x4949) {
            reader.setMotorolaByteOrder(false);
        } else if (order == 0x4D4D) {
            reader.setMotorolaByteOrder(true);
        } else {
            return;
        }
        int marker = reader.getUInt16(2);
        if (marker != 0x2A && marker != 0x4F52 && marker != 0x5352 && marker != 0x55) {
            return;
        }
        Set<Long> seen = new HashSet<>();
        Deque<long[]> pending = new ArrayDeque<>(); // {offset, is first directory, is in the main chain}
        pending.add(new long[] {reader.getUInt32(4), 1, 1});
        while (!pending.isEmpty() && seen.size() < MAX_DIRECTORIES) {
            long[] next = pending.poll();
            if (next[0] < 8 || next[0] > Integer.MAX_VALUE - 2 || !seen.add(next[0])) {
                continue;
            }
            try {
                long following = directory((int) next[0], next[1] == 1, pending);
                if (next[2] == 1 && following != 0) {
                    pending.add(new long[] {following, 0, 1});
                }
            } catch (ReadLimitException e) {
                throw e;
            } catch (IOException e) {
                // this directory runs past the data; others may not
            }
        }
    }

    /** Reads one directory; returns the offset of the next one in its chain, 0 if none. */
    private long directory(int offset, boolean first, Deque<long[]> pending) throws IOException {
        int count = reader.getUInt16(offset);
        if (count > MAX_ENTRIES) {
            return 0;
        }
        long jpegOffset = 0;
        long jpegLength = 0;
        long compression = 0;
        long photometric = -1;
        long stripOffset = 0;
        long stripByteCount = 0;
        long strips = 0;
        for (int i = 0; i < count; i++) {
            int entry = offset + 2 + 12 * i;
            int tag = reader.getUInt16(entry);
            int type = reader.getUInt16(entry + 2);
            long values = reader.getUInt32(entry + 4);
            switch (tag) {
                case JPEG_OFFSET -> jpegOffset = first(entry, type, values);
                case JPEG_LENGTH -> jpegLength = first(entry, type, values);
                case COMPRESSION -> compression = first(entry, type, values);
                case PHOTOMETRIC -> photometric = first(entry, type, values);
                case STRIP_OFFSETS -> {
                    strips = values;
                    stripOffset = first(entry, type, values);
                }
                case STRIP_BYTE_COUNTS -> stripByteCount = first(entry, type, values);
                case PANASONIC_JPG_FROM_RAW -> {
                    if (type == 7 && values > 4) {
                        jpegs.add(new Range(reader.getUInt32(entry + 8), values));
                    }
                }
                case SUB_IFDS -> {
                    for (int s = 0; s < Math.min(values, MAX_SUB_DIRECTORIES); s++) {
                        long at = values == 1 ? entry + 8 : reader.getUInt32(entry + 8) + 4L * s;
                        pending.add(new long[] {reader.getUInt32((int) at), 0, 0});
                    }
                }
                default -> {
                    if (first) {
                        firstDirectoryTag(tag, entry, type, values);
                    }
                }
            }
        }
        if (photometric == CFA || photometric == LINEAR_RAW) {
            rawData = true;
        }
        if (jpegOffset > 0 && jpegLength > 0) {
            jpegs.add(new Range(jpegOffset, jpegLength));
        } else if ((compression == 6 || compression == 7) && strips == 1 && stripByteCount > 0
                && photometric != CFA && photometric != LINEAR_RAW) {
            jpegs.add(new Range(stripOffset, stripByteCount));
        }
        return reader.getUInt32(offset + 2 + 12 * count);
    }

    private void firstDirectoryTag(int tag, int entry, int type, long values) throws IOException {
        switch (tag) {
            case ORIENTATION -> orientation = (int) Math.min(Math.max(first(entry, type, values), 1), 8);
            case MAKE -> make = reader.getNullTerminatedString(values <= 4 ? entry + 8 : (int) reader.getUInt32(entry + 8),
                    (int) Math.min(values, 64), java.nio.charset.StandardCharsets.ISO_8859_1);
            case DNG_VERSION -> dng = true;
            case IMAGE_WIDTH -> width = first(entry, type, values);
            case IMAGE_HEIGHT -> height = first(entry, type, values);
            case ROWS_PER_STRIP -> rowsPerStrip = first(entry, type, values);
            case TILE_WIDTH -> tileWidth = first(entry, type, values);
            case TILE_LENGTH -> tileLength = first(entry, type, values);
            case BITS_PER_SAMPLE -> bitsPerSample = (int) Math.min(first(entry, type, values), 64);
            case SAMPLES_PER_PIXEL -> samplesPerPixel = (int) Math.min(first(entry, type, values), 64);
            default -> {
                // not needed
            }
        }
    }

    /** The first value of an entry of type SHORT or LONG (or IFD); other types read as 0. */
    private long first(int entry, int type, long values) throws IOException {
        if (values < 1) {
            return 0;
        }
        return switch (type) {
            case 3 -> values <= 2 ? reader.getUInt16(entry + 8) : reader.getUInt16((int) reader.getUInt32(entry + 8));
            case 4, 13 -> values == 1 ? reader.getUInt32(entry + 8) : reader.getUInt32((int) reader.getUInt32(entry + 8));
            default -> 0;
        };
    }

    /** The bytes a decoder must hold at once for one strip or tile of the first picture. */
    long largestBlockBytes() {
        long bytesPerPixel = Math.max(1, (long) Math.max(bitsPerSample, 1) * samplesPerPixel / 8);
        if (tileWidth > 0 && tileLength > 0) {
            return tileWidth * tileLength * bytesPerPixel;
        }
        long rows = rowsPerStrip > 0 && rowsPerStrip < height ? rowsPerStrip : height;
        return width * rows * bytesPerPixel;
    }

    /** The bytes of an embedded JPEG, or {@code null} when they cannot be read. */
    byte[] bytes(Range range, int cap) throws IOException {
        if (range.offset() < 0 || range.length() < 4 || range.offset() + Math.min(range.length(), cap) > Integer.MAX_VALUE) {
            return null;
        }
        try {
            return reader.getBytes((int) range.offset(), (int) Math.min(range.length(), cap));
        } catch (ReadLimitException e) {
            throw e;
        } catch (IOException e) {
            return null;
        }
    }
}
