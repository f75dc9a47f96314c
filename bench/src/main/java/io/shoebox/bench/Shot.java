package io.shoebox.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a generated file claims about itself: when, with which camera, where.
 *
 * @param latitude degrees, or NaN for no position
 */
record Shot(LocalDateTime taken, ZoneOffset offset, String make, String model, String software,
        int width, int height, double latitude, double longitude, double altitude) {

    static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    String exifTime() {
        return EXIF_TIME.format(taken);
    }

    String exifOffset() {
        return offset.getId().equals("Z") ? "+00:00" : offset.getId();
    }

    boolean hasPosition() {
        return !Double.isNaN(latitude);
    }

    /** The Exif TIFF structure for this shot. */
    byte[] exifTiff(int iso, long exposureDenominator, int fNumberTenths, int focalTenths) {
        return exifTiff(iso, exposureDenominator, fNumberTenths, focalTenths, null);
    }

    /** The Exif TIFF, with the JPEG {@code thumbnail} in IFD1 when it is not null. */
    byte[] exifTiff(int iso, long exposureDenominator, int fNumberTenths, int focalTenths, byte[] thumbnail) {
        Tiff.Ifd ifd0 = new Tiff.Ifd()
                .ascii(0x010F, make)
                .ascii(0x0110, model)
                .shorts(0x0112, 1)
                .rationals(0x011A, 72, 1)
                .rationals(0x011B, 72, 1)
                .shorts(0x0128, 2)
                .ascii(0x0131, software)
                .ascii(0x0132, exifTime())
                .shorts(0x0213, 1);
        Tiff.Ifd exif = new Tiff.Ifd()
                .rationals(0x829A, 1, exposureDenominator)
                .rationals(0x829D, fNumberTenths, 10)
                .shorts(0x8827, iso)
                .bytes(0x9000, Tiff.UNDEFINED, (byte) '0', (byte) '2', (byte) '3', (byte) '2')
                .ascii(0x9003, exifTime())
                .ascii(0x9004, exifTime())
                .ascii(0x9010, exifOffset())
                .ascii(0x9011, exifOffset())
                .bytes(0x9101, Tiff.UNDEFINED, (byte) 1, (byte) 2, (byte) 3, (byte) 0)
                .bytes(0xA000, Tiff.UNDEFINED, (byte) '0', (byte) '1', (byte) '0', (byte) '0')
                .rationals(0x920A, focalTenths, 10)
                .shorts(0xA001, 1)
                .longs(0xA002, width)
                .longs(0xA003, height);
        Tiff.Ifd gps = null;
        if (hasPosition()) {
            gps = new Tiff.Ifd()
                    .bytes(0x0000, Tiff.BYTE, (byte) 2, (byte) 3, (byte) 0, (byte) 0)
                    .ascii(0x0001, latitude >= 0 ? "N" : "S")
                    .rationals(0x0002, dms(Math.abs(latitude)))
                    .ascii(0x0003, longitude >= 0 ? "E" : "W")
                    .rationals(0x0004, dms(Math.abs(longitude)))
                    .bytes(0x0005, Tiff.BYTE, (byte) 0)
                    .rationals(0x0006, Math.round(altitude * 100), 100);
        }
        return Tiff.build(ifd0, exif, gps, thumbnail);
    }

    /** Degrees, minutes and hundredths of seconds as three rationals. */
    private static long[] dms(double value) {
        long degrees = (long) value;
        double rest = (value - degrees) * 60;
        long minutes = (long) rest;
        long hundredths = Math.round((rest - minutes) * 60 * 100);
        return new long[] {degrees, 1, minutes, 1, hundredths, 100};
    }

    /** ISO 6709 position as Apple writes it in QuickTime metadata. */
    String iso6709() {
        return String.format(java.util.Locale.ROOT, "%+08.4f%+09.4f%+08.3f/", latitude, longitude, altitude);
    }
}
