package io.shoebox.metadata.avchd.internal;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an AVCHD camcorder records about a clip in the H.264 stream itself: the "Modified Digital Video
 * Pack Metadata" (MDPM), an SEI user data message with UUID {@code 17ee8c60-f84d-11d9-8cd6-0800200c9a66},
 * then {@code MDPM}, a count and as many 5-byte records, a tag and 4 bytes each, tags ascending. Read as
 * exiftool reads it ({@code Image::ExifTool::H264}), the reference of the field, since the
 * standard behind it (IEC 61834-4) is not public:
 *
 * <ul>
 *   <li>{@code 0x18}, {@code 0x19}: when recording began, in BCD ({@code 0x20 0x10 0x07}, then day,
 *       hour, minute, second), after a time zone byte: {@code 0x80} unset, {@code 0x40} daylight saving
 *       time, {@code 0x20} west of Greenwich, {@code 0x1e} hours, {@code 0x01} half an hour;
 *   <li>{@code 0xb1}-{@code 0xba}: the GPS position, as EXIF's GPS tags but with 16-bit rationals;
 *   <li>{@code 0xe0}: the maker's code; {@code 0xe4}-{@code 0xe6}: the model's name, on Sony cameras.
 * </ul>
 *
 * @param recorded local date and time recording began, or {@code null}
 * @param offset its UTC offset, or {@code null} when the camera did not set it
 * @param make camera maker, or {@code null}
 * @param model camera model, or {@code null}
 * @param latitude degrees north, or {@code null}
 * @param longitude degrees east, or {@code null}
 * @param altitude metres above sea level, or {@code null}
 */
record Mdpm(LocalDateTime recorded, ZoneOffset offset, String make, String model, Double latitude, Double longitude,
        Double altitude) {

    private static final byte[] UUID = {0x17, (byte) 0xee, (byte) 0x8c, 0x60, (byte) 0xf8, 0x4d, 0x11, (byte) 0xd9,
        (byte) 0x8c, (byte) 0xd6, 0x08, 0x00, 0x20, 0x0c, (byte) 0x9a, 0x66};
    private static final byte[] MAGIC = "MDPM".getBytes(StandardCharsets.US_ASCII);
    private static final int RECORD = 5;

    private static final int DATE = 0x18;
    private static final int TIME = 0x19;
    private static final int LATITUDE_REF = 0xb1;
    private static final int LATITUDE = 0xb2;
    private static final int LONGITUDE_REF = 0xb5;
    private static final int LONGITUDE = 0xb6;
    private static final int ALTITUDE_REF = 0xb9;
    private static final int ALTITUDE = 0xba;
    private static final int MAKER = 0xe0;
    private static final int MODEL = 0xe4;

    /** The makers' codes exiftool knows; AVCHD was Sony's and Panasonic's, adopted by Canon and JVC. */
    private static final Map<Integer, String> MAKERS = Map.of(0x0103, "Panasonic", 0x0108, "Sony", 0x1011, "Canon", 0x1104, "JVC");

    /** Whether a user data payload ({@code from} to {@code to}) is MDPM. */
    static boolean isMdpm(byte[] bytes, int from, int to) {
        int end = from + UUID.length + MAGIC.length;
        return from >= 0 && end < Math.min(to, bytes.length)
                && Arrays.equals(bytes, from, from + UUID.length, UUID, 0, UUID.length)
                && Arrays.equals(bytes, from + UUID.length, end, MAGIC, 0, MAGIC.length);
    }

    /**
     * Decodes the records of an MDPM user data payload ({@code from} to {@code to}, which
     * {@link #isMdpm} accepted). Records out of order end the list, as they do for exiftool.
     */
    static Mdpm decode(byte[] bytes, int from, int to) {
        int end = Math.min(to, bytes.length);
        int at = from + UUID.length + MAGIC.length;
        int count = bytes[at++] & 0xFF;
        Map<Integer, byte[]> records = new TreeMap<>();
        int last = -1;
        for (int i = 0; i < count && at + RECORD <= end; i++, at += RECORD) {
            int tag = bytes[at] & 0xFF;
            if (tag <= last) {
                break;
            }
            last = tag;
            records.put(tag, Arrays.copyOfRange(bytes, at + 1, at + RECORD));
        }
        return of(records);
    }

    private static Mdpm of(Map<Integer, byte[]> records) {
        byte[] date = records.get(DATE);
        byte[] time = records.get(TIME);
        LocalDateTime recorded = date == null || time == null ? null : recorded(date, time);
        String make = maker(records.get(MAKER));
        String model = "Sony".equals(make) ? text(records, MODEL, 3) : null;
        Double latitude = coordinate(records, LATITUDE_REF, LATITUDE, "N", "S");
        Double longitude = coordinate(records, LONGITUDE_REF, LONGITUDE, "E", "W");
        Double altitude = null;
        if (latitude != null && longitude != null && records.containsKey(ALTITUDE)) {
            altitude = rational(records.get(ALTITUDE));
            if (altitude != null && records.containsKey(ALTITUDE_REF) && u32(records.get(ALTITUDE_REF)) != 0) {
                altitude = -altitude;
            }
        }
        return new Mdpm(recorded, recorded == null ? null : offset(date[0] & 0xFF), make, model,
                latitude != null && longitude != null ? latitude : null, latitude != null && longitude != null ? longitude : null,
                altitude);
    }

    /** {@code 0x20 0x10 0x07} and {@code 0x15 0x13 0x45 0x30}: 2010-07-15 13:45:30; anything not BCD is no date. */
    private static LocalDateTime recorded(byte[] date, byte[] time) {
        int century = bcd(date[1]);
        int year = bcd(date[2]);
        int[] fields = {bcd(date[3]), bcd(time[0]), bcd(time[1]), bcd(time[2]), bcd(time[3])};
        if (century < 0 || year < 0 || Arrays.stream(fields).anyMatch(f -> f < 0)) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(century * 100 + year, fields[0], fields[1], fields[2], fields[3], fields[4]);
            return local.getYear() >= 1990 && local.getYear() <= 2200 ? local : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The offset of the time zone byte: hours and half an hour east or west, one hour more when daylight
     * saving time was on (the byte names the zone's standard offset and the flag; the clock the camera
     * recorded with was an hour ahead of it); {@code null} when the byte says it is unset.
     */
    private static ZoneOffset offset(int zone) {
        if ((zone & 0x80) != 0) {
            return null;
        }
        int minutes = (zone >> 1 & 0x0f) * 60 + ((zone & 0x01) != 0 ? 30 : 0);
        if ((zone & 0x20) != 0) {
            minutes = -minutes;
        }
        if ((zone & 0x40) != 0) {
            minutes += 60;
        }
        try {
            return ZoneOffset.ofTotalSeconds(minutes * 60);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int bcd(byte b) {
        int high = (b & 0xF0) >> 4;
        int low = b & 0x0F;
        return high > 9 || low > 9 ? -1 : high * 10 + low;
    }

    private static String maker(byte[] record) {
        return record == null ? null : MAKERS.get((record[0] & 0xFF) << 8 | record[1] & 0xFF);
    }

    /** A string spread over up to {@code parts} consecutive records, up to its first NUL. */
    private static String text(Map<Integer, byte[]> records, int tag, int parts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts && records.containsKey(tag + i); i++) {
            s.append(new String(records.get(tag + i), StandardCharsets.ISO_8859_1));
        }
        int nul = s.indexOf("\0");
        String text = (nul < 0 ? s.toString() : s.substring(0, nul)).strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * Signed degrees from a reference ({@code N}, {@code S}, {@code E}, {@code W}) and up to three
     * consecutive rationals (degrees, minutes, seconds); {@code null} without a reference or degrees, or
     * with a zero denominator, as a receiver without a fix writes.
     */
    private static Double coordinate(Map<Integer, byte[]> records, int refTag, int tag, String positive, String negative) {
        String ref = text(records, refTag, 1);
        if (ref == null || !records.containsKey(tag)) {
            return null;
        }
        double degrees = 0;
        double unit = 1;
        for (int i = 0; i < 3 && records.containsKey(tag + i); i++, unit *= 60) {
            Double part = rational(records.get(tag + i));
            if (part == null) {
                return null;
            }
            degrees += part / unit;
        }
        if (ref.equalsIgnoreCase(negative)) {
            return -degrees;
        }
        return ref.equalsIgnoreCase(positive) ? degrees : null;
    }

    /** exiftool's {@code rational32u}: a 16-bit numerator and a 16-bit denominator. */
    private static Double rational(byte[] record) {
        int numerator = (record[0] & 0xFF) << 8 | record[1] & 0xFF;
        int denominator = (record[2] & 0xFF) << 8 | record[3] & 0xFF;
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    private static long u32(byte[] record) {
        return (record[0] & 0xFFL) << 24 | (record[1] & 0xFF) << 16 | (record[2] & 0xFF) << 8 | record[3] & 0xFF;
    }
}
