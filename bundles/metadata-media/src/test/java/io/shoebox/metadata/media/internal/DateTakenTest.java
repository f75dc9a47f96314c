package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.Movies.keyValues;
import static io.shoebox.metadata.media.internal.Movies.keys;
import static io.shoebox.metadata.media.internal.Movies.moov;
import static io.shoebox.metadata.media.internal.Movies.mvhd;
import static io.shoebox.metadata.media.internal.Movies.seconds1904;
import static io.shoebox.metadata.media.internal.Movies.udta;
import static io.shoebox.metadata.media.internal.Movies.userText;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.iim;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.photoshopResource;
import static io.shoebox.metadata.media.internal.TestFiles.withIptc;
import static io.shoebox.metadata.media.internal.TestFiles.withExif;
import static io.shoebox.metadata.media.internal.TestFiles.withXmp;
import static io.shoebox.metadata.media.internal.TestFiles.xmp;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.shoebox.api.metadata.MediaMetadata;
import io.shoebox.api.metadata.MediaMetadata.TakenAtOrigin;

/** Where the date taken comes from, and in which order the sources are trusted. */
class DateTakenTest {

    private static final byte[] PLAIN_JPEG = jpeg(32, 24, Color.GRAY);
    private static final LocalDateTime NOON = LocalDateTime.of(2019, 6, 15, 12, 0, 0);

    @Test
    void exifDateTimeOriginalWithItsOffset() {
        byte[] photo = withExif(PLAIN_JPEG, TiffBuilder.exif("Canon", "Canon EOS R5", "2019:06:15 12:00:00", "+02:00"));

        MediaMetadata m = extract("IMG_20200101_000000.jpg", photo);

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.EXIF);
    }

    @Test
    void exifDateTimeOriginalWithoutAnOffsetIsALocalTime() {
        byte[] photo = withExif(PLAIN_JPEG, TiffBuilder.exif("Canon", "Canon EOS R5", "2019:06:15 12:00:00", null));

        MediaMetadata m = extract("a.jpg", photo);

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOffset()).isNull();
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.EXIF);
    }

    @Test
    void exifDateTimeDigitizedWhenTheOriginalIsMissing() {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.EXIF_IFD, tiff.dir().text(TiffBuilder.DATE_TIME_DIGITIZED, "2019:06:15 12:00:00"));

        MediaMetadata m = extract("a.jpg", withExif(PLAIN_JPEG, tiff.build()));

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.EXIF);
    }

    @Test
    void anUnsetExifDateIsNoDate() {
        byte[] photo = withExif(PLAIN_JPEG, TiffBuilder.exif("NIKON", "E900", "0000:00:00 00:00:00", null));

        MediaMetadata m = extract("a.jpg", photo);

        assertThat(m.takenAt()).isNull();
        assertThat(m.takenAtOrigin()).isNull();
        assertThat(m.model()).isEqualTo("E900");
    }

    @Test
    void gpsDateAndTimeInUtcWhenThereIsNoExifDate() {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.GPS_IFD, tiff.gps(48.85, 2.35)
                .text(TiffBuilder.GPS_DATE_STAMP, "2019:06:15").rationals(TiffBuilder.GPS_TIME_STAMP, 10, 1, 0, 1, 30, 1));

        MediaMetadata m = extract("a.jpg", withExif(PLAIN_JPEG, tiff.build()));

        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2019, 6, 15, 10, 0, 30));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.GPS);
    }

    @Test
    void exifWinsOverGpsAndXmp() {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.EXIF_IFD, tiff.dir().text(TiffBuilder.DATE_TIME_ORIGINAL, "2019:06:15 12:00:00"))
                .pointer(TiffBuilder.GPS_IFD, tiff.gps(48.85, 2.35)
                        .text(TiffBuilder.GPS_DATE_STAMP, "2019:06:15").rationals(TiffBuilder.GPS_TIME_STAMP, 10, 1, 0, 1, 0, 1));
        byte[] photo = withXmp(withExif(PLAIN_JPEG, tiff.build()), xmp("exif:DateTimeOriginal=\"2001-01-01T01:01:01\""));

        assertThat(extract("a.jpg", photo).takenAt()).isEqualTo(NOON);
    }

    @Test
    void xmpDatesWhenTheFileHasNoExif() {
        byte[] created = withXmp(PLAIN_JPEG, xmp("photoshop:DateCreated=\"2019-06-15T12:00:00+02:00\""));
        byte[] original = withXmp(PLAIN_JPEG, xmp("exif:DateTimeOriginal=\"2019-06-15T12:00:00\"", "xmp:CreateDate=\"2001-01-01T00:00:00\""));
        byte[] onlyCreateDate = withXmp(PLAIN_JPEG, xmp("xmp:CreateDate=\"2019-06-15T12:00:00Z\""));
        byte[] onlyAYear = withXmp(PLAIN_JPEG, xmp("photoshop:DateCreated=\"2019\""));

        MediaMetadata m = extract("a.jpg", created);
        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.XMP);
        assertThat(extract("a.jpg", original).takenAt()).isEqualTo(NOON);
        assertThat(extract("a.jpg", onlyCreateDate).takenAtOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(extract("a.jpg", onlyAYear).takenAt()).isNull();
    }

    @Test
    void iptcDateAndTimeCreatedWhenTheFileHasNeitherExifNorXmpDates() {
        // As Photo Mechanic writes them: the date, and the time with the offset of the computer's zone.
        byte[] photo = withIptc(PLAIN_JPEG, iim(55, "20190615", 60, "120000+0200"));

        MediaMetadata m = extract("IMG_20200101_000000.jpg", photo);

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.IPTC);
    }

    @Test
    void iptcWithoutAnOffsetIsALocalTime_andADateWithoutATimeSaysTooLittle() {
        assertThat(extract("a.jpg", withIptc(PLAIN_JPEG, iim(55, "20190615", 60, "120000"))).takenAt()).isEqualTo(NOON);
        assertThat(extract("a.jpg", withIptc(PLAIN_JPEG, iim(55, "20190615", 60, "120000"))).takenAtOffset()).isNull();
        assertThat(extract("a.jpg", withIptc(PLAIN_JPEG, iim(55, "20190615"))).takenAt()).isNull();
        assertThat(extract("a.jpg", withIptc(PLAIN_JPEG, iim(55, "20191315", 60, "120000"))).takenAt()).isNull();
    }

    @Test
    void iptcInATiff() {
        byte[] records = iim(55, "20190615", 60, "120000-0500");
        TiffBuilder inIptcTag = new TiffBuilder();
        inIptcTag.ifd0().text(TiffBuilder.MAKE, "Nikon").undefined(0x83BB, records);
        TiffBuilder inPhotoshopTag = new TiffBuilder(true);
        inPhotoshopTag.ifd0().text(TiffBuilder.MAKE, "Nikon").undefined(0x8649, photoshopResource(0x0404, records));

        for (byte[] tiff : new byte[][] {inIptcTag.build(), inPhotoshopTag.build()}) {
            MediaMetadata m = extract("scan.tif", tiff);
            assertThat(m.takenAt()).isEqualTo(NOON);
            assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(-5));
            assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.IPTC);
        }
    }

    @Test
    void exifThenXmpThenIptc() {
        byte[] iptc = withIptc(PLAIN_JPEG, iim(55, "20010101", 60, "010101+0000"));
        byte[] xmpAndIptc = withXmp(iptc, xmp("photoshop:DateCreated=\"2019-06-15T12:00:00\""));
        byte[] all = withExif(xmpAndIptc, TiffBuilder.exif("Canon", "Canon EOS R5", "2019:06:15 12:00:00", null));

        assertThat(extract("a.jpg", xmpAndIptc).takenAt()).isEqualTo(NOON);
        assertThat(extract("a.jpg", xmpAndIptc).takenAtOrigin()).isEqualTo(TakenAtOrigin.XMP);
        assertThat(extract("a.jpg", all).takenAt()).isEqualTo(NOON);
        assertThat(extract("a.jpg", all).takenAtOrigin()).isEqualTo(TakenAtOrigin.EXIF);
    }

    @Test
    void aThermalCamerasRecordWhenTheFileHasNoExifDate() {
        // 2021-05-16T19:27:36Z taken 7 hours west of Greenwich, as a FLIR One on an iPhone writes it.
        byte[] photo = TestFiles.withFlir(PLAIN_JPEG, TestFiles.flirRecord(1_621_193_256L, 7 * 60), 3);

        MediaMetadata m = extract("FLIR0042.jpg", photo);

        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2021, 5, 16, 12, 27, 36));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(-7));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.EXIF);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void aThermalCamerasRecordCountsAfterExifAndOnlyWhole() {
        byte[] flir = TestFiles.flirRecord(1_621_193_256L, 0);
        byte[] withExifDate = withExif(TestFiles.withFlir(PLAIN_JPEG, flir, 2),
                TiffBuilder.exif("FLIR Systems AB", "", "2019:06:15 12:00:00", null));
        byte[] chunkMissing = TestFiles.withFlir(PLAIN_JPEG, flir, 3);
        chunkMissing = removeFirstFlirChunk(chunkMissing);

        assertThat(extract("a.jpg", withExifDate).takenAt()).isEqualTo(NOON);
        assertThat(extract("a.jpg", chunkMissing).takenAt()).isNull();
        assertThat(extract("a.jpg", chunkMissing).warnings()).isEmpty();
    }

    /** The JPEG without the APP1 segment right after its start marker (the first chunk, as withFlir puts it). */
    private static byte[] removeFirstFlirChunk(byte[] jpeg) {
        int length = (jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF;
        return concat(java.util.Arrays.copyOf(jpeg, 2), java.util.Arrays.copyOfRange(jpeg, 4 + length, jpeg.length));
    }

    @Test
    void theFileNameWhenTheContentTellsNothing() {
        MediaMetadata m = extract("IMG_20190615_120000.jpg", PLAIN_JPEG);

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.FILE_NAME);
    }

    @Test
    void nothingWhenNeitherContentNorNameTells_theEngineThenUsesTheFileTime() {
        MediaMetadata m = extract("holiday.jpg", PLAIN_JPEG);

        assertThat(m.takenAt()).isNull();
        assertThat(m.takenAtOffset()).isNull();
        assertThat(m.takenAtOrigin()).isNull();
    }

    @Test
    void aMovieHeaderTimeIsUtc() {
        byte[] movie = concat(ftyp("mp42", "isom"), moov(mvhd(seconds1904("2019-06-15T10:00:00Z"), 600, 600)));

        MediaMetadata m = extract("clip.mp4", movie);

        assertThat(m.takenAt()).isEqualTo(LocalDateTime.of(2019, 6, 15, 10, 0));
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.QUICKTIME);
    }

    @Test
    void applesCreationDateKeyGivesTheLocalTimeRecordingBegan() {
        // The movie header says when the file was written, 20 s later; the key says when recording began.
        byte[] movie = concat(ftyp("qt  ", "qt  "), box("mdat", new byte[100]), moov(
                mvhd(seconds1904("2019-06-15T10:00:20Z"), 600, 600),
                keys(keyValues("com.apple.quicktime.creationdate", "2019-06-15T12:00:00+0200"))));

        MediaMetadata m = extract("IMG_0001.MOV", movie);

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(m.takenAtOrigin()).isEqualTo(TakenAtOrigin.QUICKTIME);
    }

    @Test
    void userDataDateAsAndroidPhonesWriteIt() {
        byte[] movie = concat(ftyp("mp42", "isom"), moov(
                mvhd(seconds1904("2019-06-15T10:00:34Z"), 600, 600),
                udta(userText("\u00A9day", "2019-06-15T12:00:00+0200"))));

        MediaMetadata m = extract("VID_20190615_120000.mp4", movie);

        assertThat(m.takenAt()).isEqualTo(NOON);
        assertThat(m.takenAtOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void anUnsetMovieHeaderTimeIsNoDate() {
        byte[] movie = concat(ftyp("mp42", "isom"), moov(mvhd(0, 600, 600)));

        assertThat(extract("clip.mp4", movie).takenAt()).isNull();
    }
}
