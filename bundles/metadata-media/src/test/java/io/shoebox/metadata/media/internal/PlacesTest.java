package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.Movies.keyValues;
import static io.shoebox.metadata.media.internal.Movies.keys;
import static io.shoebox.metadata.media.internal.Movies.moov;
import static io.shoebox.metadata.media.internal.Movies.mvhd;
import static io.shoebox.metadata.media.internal.Movies.udta;
import static io.shoebox.metadata.media.internal.Movies.userText;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.extract;
import static io.shoebox.metadata.media.internal.TestFiles.ftyp;
import static io.shoebox.metadata.media.internal.TestFiles.jpeg;
import static io.shoebox.metadata.media.internal.TestFiles.withExif;
import static io.shoebox.metadata.media.internal.TestFiles.withXmp;
import static io.shoebox.metadata.media.internal.TestFiles.xmp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shoebox.api.metadata.MediaMetadata;

/** Places are signed decimal degrees (north and east positive) and metres above sea level. */
class PlacesTest {

    private static final byte[] PLAIN_JPEG = jpeg(32, 24, Color.GRAY);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'Sydney (south, east)',   -33.8568,  151.2153",
        "'New York (north, west)',  40.6892,  -74.0445",
        "'Rio (south, west)',      -22.9519,  -43.2105",
        "'Tokyo (north, east)',     35.6586,  139.7454",
    })
    void exifReferencesGiveTheSigns(String place, double latitude, double longitude) {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.GPS_IFD, tiff.gps(latitude, longitude));

        MediaMetadata m = extract("a.jpg", withExif(PLAIN_JPEG, tiff.build()));

        assertThat(m.latitude()).isCloseTo(latitude, within(1e-7));
        assertThat(m.longitude()).isCloseTo(longitude, within(1e-7));
    }

    @ParameterizedTest(name = "altitude reference {0}")
    @CsvSource({"0, 12.5", "1, -12.5"})
    void altitudeBelowSeaLevelIsNegative(int reference, double expected) {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.GPS_IFD, tiff.gps(31.5, 35.5)
                .undefined(TiffBuilder.GPS_ALTITUDE_REF, new byte[] {(byte) reference})
                .rationals(TiffBuilder.GPS_ALTITUDE, 125, 10));

        assertThat(extract("a.jpg", withExif(PLAIN_JPEG, tiff.build())).altitude()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void undefinedCoordinatesAreNoPlace() {
        // Phones without a fix write 0/0 rationals and empty references.
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.GPS_IFD, tiff.dir()
                .text(TiffBuilder.GPS_LATITUDE_REF, "").rationals(TiffBuilder.GPS_LATITUDE, 0, 0, 0, 0, 0, 0)
                .text(TiffBuilder.GPS_LONGITUDE_REF, "").rationals(TiffBuilder.GPS_LONGITUDE, 0, 0, 0, 0, 0, 0));

        MediaMetadata m = extract("a.jpg", withExif(PLAIN_JPEG, tiff.build()));

        assertThat(m.latitude()).isNull();
        assertThat(m.longitude()).isNull();
    }

    @org.junit.jupiter.api.Test
    void coordinatesWithoutTheirReferencesAreNoPlace_forTheHemisphereIsUnknown() {
        TiffBuilder tiff = new TiffBuilder();
        tiff.ifd0().pointer(TiffBuilder.GPS_IFD, tiff.dir()
                .rationals(TiffBuilder.GPS_LATITUDE, 48, 1, 51, 1, 0, 1).rationals(TiffBuilder.GPS_LONGITUDE, 2, 1, 17, 1, 30, 1));

        MediaMetadata m = extract("a.jpg", withExif(PLAIN_JPEG, tiff.build()));

        assertThat(m.latitude()).isNull();
        assertThat(m.longitude()).isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "'48,9.003N',  '11,34.5E',   48.15005,  11.575",
        "'33,51,24.48S', '151,12,55.08E', -33.8568, 151.2153",
        "'40,41.352N', '74,2.67W',   40.6892,  -74.0445",
    })
    void xmpCoordinatesInDegreesAndMinutes(String latitude, String longitude, double expectedLat, double expectedLon) {
        byte[] photo = withXmp(PLAIN_JPEG, xmp("exif:GPSLatitude=\"" + latitude + "\"", "exif:GPSLongitude=\"" + longitude + "\""));

        MediaMetadata m = extract("a.jpg", photo);

        assertThat(m.latitude()).isCloseTo(expectedLat, within(1e-6));
        assertThat(m.longitude()).isCloseTo(expectedLon, within(1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "+32.0929+034.8620+028.516/,  32.0929,  34.862",
        "-33.8568+151.2153/,         -33.8568, 151.2153",
        "+40.6892-074.0445/,          40.6892, -74.0445",
        "-2257.114-04312.63/,        -22.9519, -43.2105",
    })
    void quickTimeLocationsInIso6709(String location, double latitude, double longitude) {
        byte[] fromKeys = concat(ftyp("qt  "), moov(mvhd(0, 600, 0),
                keys(keyValues("com.apple.quicktime.location.ISO6709", location))));
        byte[] fromUserData = concat(ftyp("mp42"), moov(mvhd(0, 600, 0), udta(userText("\u00A9xyz", location))));

        for (byte[] movie : new byte[][] {fromKeys, fromUserData}) {
            MediaMetadata m = extract("clip.mov", movie);
            assertThat(m.latitude()).isCloseTo(latitude, within(1e-4));
            assertThat(m.longitude()).isCloseTo(longitude, within(1e-4));
        }
    }
}
