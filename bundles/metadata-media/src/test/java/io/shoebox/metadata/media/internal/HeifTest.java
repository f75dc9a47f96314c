package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.fullBox;
import static io.shoebox.metadata.media.internal.TestFiles.u16;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.u8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;

/** HEIF pictures: the Exif item wherever its data lies, the primary picture's size and rotation. */
class HeifTest {

    /** Where the Exif item's data is put. */
    enum Layout { MEDIA_DATA_AFTER_META, MEDIA_DATA_BEFORE_META, IN_IDAT }

    /**
     * A HEIC file with an HEVC picture (item 1, fake data) and an Exif item (item 2) describing it.
     *
     * @param rotation the primary picture's {@code irot} angle (quarter turns anticlockwise), or -1 for none
     */
    static byte[] heic(byte[] exifTiff, Layout layout, int rotation) {
        byte[] exifItem = concat(u32(6), ascii("Exif\0\0"), exifTiff);
        byte[] picture = new byte[64];
        byte[] ftyp = ftyp("heic", "mif1", "heic");
        // The meta box's size does not depend on the offsets it holds, so build it once to learn its size.
        byte[] meta = meta(0, 0, exifItem, picture.length, layout, rotation);
        long mdatPayload = switch (layout) {
            case MEDIA_DATA_AFTER_META -> ftyp.length + meta.length + 8;
            case MEDIA_DATA_BEFORE_META -> ftyp.length + 8;
            case IN_IDAT -> ftyp.length + meta.length + 8;
        };
        meta = meta(mdatPayload, mdatPayload + picture.length, exifItem, picture.length, layout, rotation);
        byte[] mdat = box("mdat", picture, layout == Layout.IN_IDAT ? new byte[0] : exifItem);
        return layout == Layout.MEDIA_DATA_BEFORE_META ? concat(ftyp, mdat, meta) : concat(ftyp, meta, mdat);
    }

    private static byte[] meta(long pictureOffset, long exifOffset, byte[] exifItem, int pictureLength, Layout layout, int rotation) {
        byte[] hdlr = fullBox("hdlr", 0, 0, u32(0), ascii("pict"), new byte[12], new byte[] {0});
        byte[] pitm = fullBox("pitm", 0, 0, u16(1));
        byte[] iinf = fullBox("iinf", 0, 0, u16(2),
                fullBox("infe", 2, 0, u16(1), u16(0), ascii("hvc1"), new byte[] {0}),
                fullBox("infe", 2, 0, u16(2), u16(0), ascii("Exif"), new byte[] {0}));
        byte[] iref = fullBox("iref", 0, 0, box("cdsc", u16(2), u16(1), u16(1)));
        byte[] ipco = rotation < 0
                ? box("ipco", fullBox("ispe", 0, 0, u32(4032), u32(3024)))
                : box("ipco", fullBox("ispe", 0, 0, u32(4032), u32(3024)), box("irot", u8(rotation)));
        byte[] ipma = rotation < 0
                ? fullBox("ipma", 0, 0, u32(1), u16(1), u8(1), u8(0x81))
                : fullBox("ipma", 0, 0, u32(1), u16(1), u8(2), u8(0x81), u8(0x82));
        boolean idat = layout == Layout.IN_IDAT;
        byte[] iloc = fullBox("iloc", 1, 0, u8(0x44), u8(0x00), u16(2),
                u16(1), u16(0), u16(0), u16(1), u32(pictureOffset), u32(pictureLength),
                u16(2), u16(idat ? 1 : 0), u16(0), u16(1), u32(idat ? 0 : exifOffset), u32(exifItem.length));
        return fullBox("meta", 0, 0, hdlr, pitm, iinf, iref, box("iprp", ipco, ipma), iloc,
                idat ? box("idat", exifItem) : new byte[0]);
    }

    private static final byte[] EXIF = TiffBuilder.exif("Apple", "iPhone 11 Pro", "2020:05:04 18:39:11", "-04:00");

    @Test
    void theExifItemAfterTheMetaBox() {
        MediaMetadata m = extract("IMG_2927.HEIC", heic(EXIF, Layout.MEDIA_DATA_AFTER_META, -1));

        assertThat(m.mediaType()).isEqualTo("image/heic");
        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2020, 5, 4, 18, 39, 11));
        assertThat(m.model()).isEqualTo("iPhone 11 Pro");
        assertThat(m.width()).isEqualTo(4032);
        assertThat(m.height()).isEqualTo(3024);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void theExifItemInMediaDataBeforeTheMetaBox_asSamsungPhonesWriteIt() {
        MediaMetadata m = extract("20200630_112759.heic", heic(EXIF, Layout.MEDIA_DATA_BEFORE_META, -1));

        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2020, 5, 4, 18, 39, 11));
        assertThat(m.takenAtOrigin()).isEqualTo(MediaMetadata.TakenAtOrigin.EXIF);
    }

    @Test
    void theExifItemInTheMetaBoxItself() {
        MediaMetadata m = extract("a.heic", heic(EXIF, Layout.IN_IDAT, -1));

        assertThat(m.model()).isEqualTo("iPhone 11 Pro");
    }

    @Test
    void thePrimaryPicturesRotationIsItsOrientation() {
        byte[] noOrientationInExif = TiffBuilder.exif("Apple", "iPhone 11 Pro", "2020:05:04 18:39:11", null);

        assertThat(extract("a.heic", heic(noOrientationInExif, Layout.MEDIA_DATA_AFTER_META, 3)).orientation()).isEqualTo(6);
        assertThat(extract("a.heic", heic(noOrientationInExif, Layout.MEDIA_DATA_AFTER_META, 1)).orientation()).isEqualTo(8);
        assertThat(extract("a.heic", heic(noOrientationInExif, Layout.MEDIA_DATA_AFTER_META, 2)).orientation()).isEqualTo(3);
    }
}
