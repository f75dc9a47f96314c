package io.shoebox.metadata.media.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.drew.imaging.tiff.TiffProcessingException;
import com.drew.imaging.tiff.TiffReader;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.RandomAccessReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifTiffHandler;
import com.drew.metadata.exif.PanasonicRawIFD0Directory;
import com.drew.metadata.exif.makernotes.AppleMakernoteDirectory;

/**
 * Every EXIF structure is read through here: metadata-extractor's TIFF reader with a handler that
 * leaves out what this bundle does not use and what has proved hostile-input-prone, so that no code
 * path reaches them:
 *
 * <ul>
 *   <li>Apple's RunTime property list, whose reader sizes an array by a count the file states (a
 *       flipped bit there is a gigabyte allocation);
 *   <li>ICC profiles embedded in TIFF tags, and of the Photoshop resources and IPTC records all but
 *       the IPTC date ({@link IptcFacts});
 *   <li>extended XMP in JPEG segments;
 *   <li>the JPEG inside a Panasonic raw, which metadata-extractor reads with all its JPEG readers:
 *       here only its EXIF and XMP are read, the same way as any JPEG's.
 * </ul>
 */
final class Exif {

    private static final byte[] JPEG_PREAMBLE = {'E', 'x', 'i', 'f', 0, 0};
    private static final byte[] XMP_PREAMBLE = "http://ns.adobe.com/xap/1.0/\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private Exif() {
    }

    /** Reads the TIFF structure that begins at {@code offset} in {@code reader}. */
    static void read(RandomAccessReader reader, Metadata metadata, int offset) {
        Handler handler = new Handler(metadata, offset);
        try {
            new TiffReader().processTiff(reader, handler, offset);
        } catch (TiffProcessingException | IOException e) {
            handler.error("Exception processing TIFF data: " + e.getMessage());
        }
    }

    /** Reads a TIFF structure held in memory. */
    static void read(byte[] tiff, Metadata metadata) {
        read(new ByteArrayReader(tiff), metadata, 0);
    }

    /**
     * Reads the Exif and standard XMP segments among a JPEG's APP1 segments. Extended XMP (the
     * {@code xmp/extension} segments, where phones put depth maps) is not read: it holds nothing used
     * here, and metadata-extractor allocates its buffer at the size a segment claims.
     */
    static void readJpegSegments(List<byte[]> app1, Metadata metadata) {
        for (byte[] segment : app1) {
            if (startsWith(segment, JPEG_PREAMBLE)) {
                read(new ByteArrayReader(segment), metadata, JPEG_PREAMBLE.length);
            } else if (startsWith(segment, XMP_PREAMBLE) || isMisspelledXmp(segment)) {
                XmpFacts.read(segment, XMP_PREAMBLE.length, segment.length - XMP_PREAMBLE.length, metadata);
            }
        }
    }

    /** {@code XMP\0://ns.adobe.com/xap/1.0/}, as some writers got the preamble wrong; the packet starts at the same place. */
    private static boolean isMisspelledXmp(byte[] segment) {
        return segment.length > XMP_PREAMBLE.length && segment[0] == 'X' && segment[1] == 'M' && segment[2] == 'P' && segment[3] == 0;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length > prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static final class Handler extends ExifTiffHandler {

        Handler(Metadata metadata, int offset) {
            super(metadata, null, offset);
        }

        @Override
        public boolean customProcessTag(int tagOffset, Set<Integer> processedIfdOffsets, int tiffHeaderOffset,
                RandomAccessReader reader, int tagId, int byteCount) throws IOException {
            // The TIFF reader checks lengths against the reader's length, which for a stream is only an upper
            // bound: make sure the data is there before metadata-extractor allocates for it.
            if (reader instanceof StreamRandomAccessReader stream && !stream.holds(tagOffset, byteCount)) {
                error(String.format("Tag 0x%04X: %d bytes past the end of the file", tagId, byteCount));
                return true;
            }
            boolean inIfd0 = _currentDirectory instanceof ExifIFD0Directory;
            if (tagId == ExifDirectoryBase.TAG_INTER_COLOR_PROFILE
                    || (tagId == AppleMakernoteDirectory.TAG_RUN_TIME && _currentDirectory instanceof AppleMakernoteDirectory)) {
                return true; // skipped: not used here
            }
            if (inIfd0 && tagId == ExifDirectoryBase.TAG_IPTC_NAA) {
                IptcFacts.read(reader.getBytes(tagOffset, byteCount), 0, byteCount, _metadata);
                return true;
            }
            if (inIfd0 && tagId == ExifDirectoryBase.TAG_PHOTOSHOP_SETTINGS) {
                IptcFacts.readPhotoshopResources(reader.getBytes(tagOffset, byteCount), 0, _metadata);
                return true;
            }
            if (tagId == PanasonicRawIFD0Directory.TagJpgFromRaw && _currentDirectory instanceof PanasonicRawIFD0Directory) {
                readJpegSegments(JpegHeader.of(reader.getBytes(tagOffset, byteCount)).app1, _metadata);
                return true;
            }
            return super.customProcessTag(tagOffset, processedIfdOffsets, tiffHeaderOffset, reader, tagId, byteCount);
        }
    }
}
