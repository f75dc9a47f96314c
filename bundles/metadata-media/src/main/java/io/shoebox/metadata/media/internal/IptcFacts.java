package io.shoebox.metadata.media.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.drew.lang.SequentialByteArrayReader;
import com.drew.metadata.ErrorDirectory;
import com.drew.metadata.Metadata;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.iptc.IptcReader;

import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/**
 * The date taken of IPTC-IIM records, which news and press tools (Photo Mechanic, older Photoshop) write
 * and which is sometimes the only date a scanned or edited photo has: {@code DateCreated} (2:55) with
 * {@code TimeCreated} (2:60) and its offset. The records come in a JPEG's Photoshop APP13 segment, or in
 * a TIFF's IPTC-NAA tag or Photoshop tag.
 *
 * <p>Of the Photoshop image resources only the IPTC one is read: the others (thumbnails, ICC profiles,
 * paths) hold nothing used here. metadata-extractor's IPTC reader decodes the records and stays within
 * the length it is given.
 */
final class IptcFacts {

    /** What an APP13 segment of Photoshop resources begins with. */
    private static final byte[] PHOTOSHOP_PREAMBLE = "Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int IPTC_RESOURCE = 0x0404;
    /** More resources than this in one block are not a real file. */
    private static final int MAX_RESOURCES = 10_000;

    private IptcFacts() {
    }

    /** Reads the IPTC records of a JPEG's APP13 segment (payload only), if it holds Photoshop resources. */
    static void readJpegSegment(byte[] app13, Metadata metadata) {
        if (app13.length > PHOTOSHOP_PREAMBLE.length
                && Arrays.equals(app13, 0, PHOTOSHOP_PREAMBLE.length, PHOTOSHOP_PREAMBLE, 0, PHOTOSHOP_PREAMBLE.length)) {
            readPhotoshopResources(app13, PHOTOSHOP_PREAMBLE.length, metadata);
        }
    }

    /**
     * Reads the IPTC resource among Photoshop image resources: {@code 8BIM}, a 16-bit id, a Pascal name
     * padded to an even length, a 32-bit size and the data, padded to an even length.
     */
    static void readPhotoshopResources(byte[] bytes, int offset, Metadata metadata) {
        BoxData data = new BoxData(bytes, offset, bytes.length);
        try {
            for (int i = 0; i < MAX_RESOURCES && data.remaining() >= 12; i++) {
                if (!data.fourcc().equals("8BIM")) {
                    return; // the end of the resources, or garbage after them
                }
                int id = data.u16();
                int nameLength = data.u8();
                data.skip(nameLength + (nameLength % 2 == 0 ? 1 : 0));
                long size = data.u32();
                if (size > data.remaining()) {
                    metadata.addDirectory(new ErrorDirectory("Photoshop resource " + id + " runs past its segment"));
                    return;
                }
                if (id == IPTC_RESOURCE) {
                    read(bytes, data.position(), (int) size, metadata);
                }
                data.skip(Math.min(size + size % 2, data.remaining()));
            }
        } catch (BoxData.Malformed e) {
            metadata.addDirectory(new ErrorDirectory("Photoshop resources: " + e.getMessage()));
        }
    }

    /** Reads IPTC-IIM records held in {@code bytes} from {@code offset}, {@code length} bytes long. */
    static void read(byte[] bytes, int offset, int length, Metadata metadata) {
        int end = (int) Math.min((long) offset + Math.max(length, 0), bytes.length);
        if (offset < 0 || offset >= end) {
            return;
        }
        try {
            new IptcReader().extract(new SequentialByteArrayReader(bytes, offset), metadata, end - offset);
        } catch (RuntimeException e) {
            // A damaged IPTC block spoils only itself, not the EXIF and XMP read with it.
            metadata.addDirectory(new ErrorDirectory("IPTC: " + e));
        }
    }

    /** Offers {@code DateCreated} with {@code TimeCreated}; a date without a time says too little. */
    static void offerTo(IptcDirectory iptc, MetadataBuilder builder) {
        builder.takenAt(Stamp.iptc(iptc.getString(IptcDirectory.TAG_DATE_CREATED), iptc.getString(IptcDirectory.TAG_TIME_CREATED)),
                TakenAtOrigin.IPTC);
    }
}
