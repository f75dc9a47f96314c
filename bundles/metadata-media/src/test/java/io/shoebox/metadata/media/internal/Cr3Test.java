package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.thumbnail;
import static io.shoebox.metadata.media.internal.TestFiles.u16;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.uuidBox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;

/** Canon CR3 raws: EXIF split over CMT boxes, a THMB thumbnail and a PRVW preview. */
class Cr3Test {

    static byte[] cr3(Color thumbnailColour, Color previewColour) {
        TiffBuilder cmt1 = new TiffBuilder(true);
        cmt1.ifd0().text(TiffBuilder.MAKE, "Canon").text(TiffBuilder.MODEL, "Canon EOS R5").shorts(TiffBuilder.ORIENTATION, 8);
        TiffBuilder cmt2 = new TiffBuilder(true);
        cmt2.ifd0().text(TiffBuilder.DATE_TIME_ORIGINAL, "2021:08:01 07:15:00").text(TiffBuilder.OFFSET_TIME_ORIGINAL, "+01:00")
                .text(TiffBuilder.LENS_MODEL, "RF24-105mm F4 L IS USM");
        TiffBuilder cmt4 = new TiffBuilder(true);
        cmt4.ifd0().text(TiffBuilder.GPS_LATITUDE_REF, "S").rationals(TiffBuilder.GPS_LATITUDE, TiffBuilder.dms(-33.8568))
                .text(TiffBuilder.GPS_LONGITUDE_REF, "E").rationals(TiffBuilder.GPS_LONGITUDE, TiffBuilder.dms(151.2153));
        byte[] thumb = jpeg(160, 120, thumbnailColour);
        byte[] preview = jpeg(810, 540, previewColour);
        byte[] canon = uuidBox(CanonCr3.METADATA_UUID,
                box("CNCV", TestFiles.ascii("CanonCR3_001/00.09.00/00.00.00")),
                box("CMT1", cmt1.build()), box("CMT2", cmt2.build()), box("CMT4", cmt4.build()),
                box("THMB", new byte[] {0, 0, 0, 0}, u16(160), u16(120), u32(thumb.length), new byte[4], thumb));
        byte[] previewBox = uuidBox(CanonCr3.PREVIEW_UUID, new byte[8],
                box("PRVW", new byte[6], u16(810), u16(540), new byte[2], u32(preview.length), preview));
        return concat(ftyp("crx ", "crx ", "isom"), box("moov", canon, Movies.mvhd(0, 1000, 0)), previewBox,
                box("mdat", new byte[4096]));
    }

    @Test
    void exifFromTheCmtBoxes() {
        MediaMetadata m = extract("IMG_0001.CR3", cr3(Color.BLUE, Color.RED));

        assertThat(m.mediaType()).isEqualTo("image/x-canon-cr3");
        assertThat(m.make()).isEqualTo("Canon");
        assertThat(m.model()).isEqualTo("Canon EOS R5");
        assertThat(m.lens()).isEqualTo("RF24-105mm F4 L IS USM");
        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2021, 8, 1, 7, 15));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(m.latitude()).isCloseTo(-33.8568, within(1e-7));
        assertThat(m.longitude()).isCloseTo(151.2153, within(1e-7));
        assertThat(m.orientation()).isEqualTo(8);
    }

    @Test
    void aSmallThumbnailComesFromThmbAndALargerOneFromPrvw_turnedUpright() {
        byte[] raw = cr3(Color.BLUE, Color.RED);

        BufferedImage small = TestFiles.decode(thumbnail(raw, 160));
        BufferedImage large = TestFiles.decode(thumbnail(raw, 400));

        // Orientation 8: the 160x120 and 810x540 previews are turned a quarter anticlockwise.
        assertThat(small.getWidth()).isEqualTo(120);
        assertThat(small.getHeight()).isEqualTo(160);
        assertThat(new Color(small.getRGB(60, 80))).satisfies(c -> assertThat(c.getBlue()).isGreaterThan(200));
        assertThat(large.getHeight()).isEqualTo(400);
        assertThat(new Color(large.getRGB(100, 200))).satisfies(c -> assertThat(c.getRed()).isGreaterThan(200));
    }
}
