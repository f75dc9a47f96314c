package io.shoebox.metadata.avchd.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes MDPM records as AVCHD camcorders do, and the H.264 SEI unit that carries them: user data
 * unregistered with the MDPM UUID, {@code MDPM}, a count, the records in ascending tag order, and the
 * unit's emulation prevention bytes. Public for metadata-media's accuracy test, which makes AVCHD files
 * with {@link AvchdFiles}.
 */
public final class MdpmRecords {

    private static final byte[] UUID = {0x17, (byte) 0xee, (byte) 0x8c, 0x60, (byte) 0xf8, 0x4d, 0x11, (byte) 0xd9,
        (byte) 0x8c, (byte) 0xd6, 0x08, 0x00, 0x20, 0x0c, (byte) 0x9a, 0x66};

    /** The makers' codes. */
    public static final int PANASONIC = 0x0103;
    public static final int SONY = 0x0108;
    public static final int CANON = 0x1011;
    public static final int JVC = 0x1104;

    private final Map<Integer, byte[]> records = new TreeMap<>();

    /** A record of any tag and 4 bytes. */
    public MdpmRecords record(int tag, int b0, int b1, int b2, int b3) {
        records.put(tag, new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3});
        return this;
    }

    /**
     * When recording began (0x18, 0x19), in BCD, after the time zone byte.
     *
     * @param zone the time zone byte: {@link #zone} or {@code 0xff} for unset
     */
    public MdpmRecords recorded(LocalDateTime local, int zone) {
        record(0x18, zone, bcd(local.getYear() / 100), bcd(local.getYear() % 100), bcd(local.getMonthValue()));
        return record(0x19, bcd(local.getDayOfMonth()), bcd(local.getHour()), bcd(local.getMinute()), bcd(local.getSecond()));
    }

    /** The time zone byte of an offset in half hours, west of Greenwich when negative, with the DST flag. */
    public static int zone(int standardMinutes, boolean daylightSaving) {
        int minutes = Math.abs(standardMinutes);
        return (standardMinutes < 0 ? 0x20 : 0) | (daylightSaving ? 0x40 : 0) | (minutes / 60) << 1 | (minutes % 60 == 30 ? 1 : 0);
    }

    /** The maker's code (0xe0), with a model code after it as cameras write one. */
    public MdpmRecords maker(int code) {
        return record(0xe0, code >> 8, code, 0x30, 0x01);
    }

    /** The model's name over 0xe4 to 0xe6, NUL-padded: 12 characters at most. */
    public MdpmRecords model(String name) {
        byte[] bytes = java.util.Arrays.copyOf(name.getBytes(StandardCharsets.ISO_8859_1), 12);
        for (int i = 0; i < 3; i++) {
            record(0xe4 + i, bytes[4 * i], bytes[4 * i + 1], bytes[4 * i + 2], bytes[4 * i + 3]);
        }
        return this;
    }

    /** The position as the GPS records 0xb0 to 0xb8 hold it: references, then degrees, minutes and hundredths of seconds. */
    public MdpmRecords position(double latitude, double longitude) {
        record(0xb0, 2, 2, 0, 0);
        record(0xb1, latitude < 0 ? 'S' : 'N', 0, 0, 0);
        dms(0xb2, Math.abs(latitude));
        record(0xb5, longitude < 0 ? 'W' : 'E', 0, 0, 0);
        return dms(0xb6, Math.abs(longitude));
    }

    private MdpmRecords dms(int tag, double degrees) {
        long hundredths = Math.round(degrees * 360_000);
        rational(tag, hundredths / 360_000, 1);
        rational(tag + 1, hundredths / 6_000 % 60, 1);
        return rational(tag + 2, hundredths % 6_000, 100);
    }

    private MdpmRecords rational(int tag, long numerator, int denominator) {
        return record(tag, (int) (numerator >> 8), (int) numerator, denominator >> 8, denominator);
    }

    /** The user data payload: UUID, {@code MDPM}, count, records. */
    public byte[] payload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(UUID);
        out.writeBytes("MDPM".getBytes(StandardCharsets.US_ASCII));
        out.write(records.size());
        records.forEach((tag, value) -> {
            out.write(tag);
            out.writeBytes(value);
        });
        return out.toByteArray();
    }

    /** The SEI NAL unit, start code included: one user data message and the stop bit, escaped. */
    public byte[] seiUnit() {
        byte[] payload = payload();
        ByteArrayOutputStream rbsp = new ByteArrayOutputStream();
        rbsp.write(5); // user_data_unregistered
        for (int size = payload.length; ; size -= 255) {
            rbsp.write(Math.min(size, 255));
            if (size < 255) {
                break;
            }
        }
        rbsp.writeBytes(payload);
        rbsp.write(0x80);
        return unit(6, rbsp.toByteArray());
    }

    /** A NAL unit with a 4-byte start code, its header (nal_ref_idc 0) and its escaped payload. */
    static byte[] unit(int type, byte[] rbsp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1, (byte) type});
        int zeros = 0;
        for (byte b : rbsp) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    private static int bcd(int value) {
        return value / 10 << 4 | value % 10;
    }
}
