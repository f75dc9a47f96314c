package io.shoebox.metadata.avchd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The MDPM records: BCD dates, the time zone byte, makers and models, GPS positions. */
class MdpmTest {

    private static final LocalDateTime RECORDED = LocalDateTime.of(2010, 7, 15, 13, 45, 30);

    private static Mdpm decode(MdpmRecords records) {
        byte[] payload = records.payload();
        assertThat(Mdpm.isMdpm(payload, 0, payload.length)).isTrue();
        return Mdpm.decode(payload, 0, payload.length);
    }

    /** The records as the reader finds them in an SEI unit, emulation prevention and all. */
    private static Mdpm throughSei(MdpmRecords records) {
        H264Headers headers = new H264Headers();
        byte[] unit = records.seiUnit();
        headers.readAccessUnit(unit, unit.length);
        return headers.mdpm;
    }

    @Test
    void theTimeZoneByte() {
        assertThat(decode(new MdpmRecords().recorded(RECORDED, 0x02)).offset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(decode(new MdpmRecords().recorded(RECORDED, MdpmRecords.zone(-5 * 60, false))).offset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(decode(new MdpmRecords().recorded(RECORDED, MdpmRecords.zone(5 * 60 + 30, false))).offset())
                .isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(decode(new MdpmRecords().recorded(RECORDED, MdpmRecords.zone(-3 * 60 - 30, false))).offset())
                .isEqualTo(ZoneOffset.ofHoursMinutes(-3, -30));
    }

    @Test
    void daylightSavingTimeIsAnHourAheadOfTheZonesStandardTime() {
        Mdpm paris = decode(new MdpmRecords().recorded(RECORDED, MdpmRecords.zone(60, true)));
        Mdpm newYork = decode(new MdpmRecords().recorded(RECORDED, MdpmRecords.zone(-5 * 60, true)));

        assertThat(paris.recorded()).isEqualTo(RECORDED);
        assertThat(paris.offset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(newYork.offset()).isEqualTo(ZoneOffset.ofHours(-4));
    }

    @Test
    void anUnsetZoneIsALocalTime() {
        Mdpm m = decode(new MdpmRecords().recorded(RECORDED, 0xff));

        assertThat(m.recorded()).isEqualTo(RECORDED);
        assertThat(m.offset()).isNull();
    }

    @Test
    void datesThatAreNotBcdOrNotRealAreNoDates() {
        assertThat(decode(new MdpmRecords().record(0x18, 0x02, 0x20, 0x10, 0x0A).record(0x19, 0x15, 0x13, 0x45, 0x30)).recorded()).isNull();
        assertThat(decode(new MdpmRecords().record(0x18, 0x02, 0x20, 0x10, 0x02).record(0x19, 0x30, 0x13, 0x45, 0x30)).recorded()).isNull();
        assertThat(decode(new MdpmRecords().record(0x18, 0x02, 0x20, 0x10, 0x07)).recorded()).isNull();
        assertThat(decode(new MdpmRecords().record(0x18, 0xff, 0xff, 0xff, 0xff).record(0x19, 0xff, 0xff, 0xff, 0xff)).recorded()).isNull();
    }

    @Test
    void theMakerByItsCode_andTheModelOfSonyCameras() {
        Mdpm sony = decode(new MdpmRecords().maker(MdpmRecords.SONY).model("HDR-CX550V"));
        Mdpm canon = decode(new MdpmRecords().maker(MdpmRecords.CANON).model("HF200"));

        assertThat(sony.make()).isEqualTo("Sony");
        assertThat(sony.model()).isEqualTo("HDR-CX550V");
        assertThat(canon.make()).isEqualTo("Canon");
        assertThat(canon.model()).as("exiftool reads no model but Sony's").isNull();
        assertThat(decode(new MdpmRecords().maker(MdpmRecords.PANASONIC)).make()).isEqualTo("Panasonic");
        assertThat(decode(new MdpmRecords().maker(MdpmRecords.JVC)).make()).isEqualTo("JVC");
        assertThat(decode(new MdpmRecords().maker(0x4242)).make()).isNull();
    }

    @Test
    void gpsPositionsOnEverySide() {
        Mdpm rio = decode(new MdpmRecords().position(-22.951944, -43.210556));
        Mdpm tokyo = decode(new MdpmRecords().position(35.6586, 139.7454));

        assertThat(rio.latitude()).isCloseTo(-22.951944, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(rio.longitude()).isCloseTo(-43.210556, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(tokyo.latitude()).isCloseTo(35.6586, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(tokyo.longitude()).isCloseTo(139.7454, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aPositionWithoutAFix() {
        Mdpm noFix = decode(new MdpmRecords().record(0xb1, 'N', 0, 0, 0).record(0xb2, 0, 0, 0, 0).record(0xb5, 'E', 0, 0, 0)
                .record(0xb6, 0, 0, 0, 0));
        Mdpm noReference = decode(new MdpmRecords().record(0xb2, 0, 48, 0, 1).record(0xb6, 0, 2, 0, 1));

        assertThat(noFix.latitude()).isNull();
        assertThat(noReference.latitude()).isNull();
        assertThat(noReference.longitude()).isNull();
    }

    @Test
    void recordsOutOfOrderEndTheList() {
        byte[] payload = new MdpmRecords().maker(MdpmRecords.SONY).payload();
        byte[] shuffled = TsBuilder.concat(java.util.Arrays.copyOf(payload, 20), new byte[] {3},
                new byte[] {(byte) 0xe0, 0x01, 0x08, 0, 0}, new byte[] {0x18, 0x02, 0x20, 0x10, 0x07}, new byte[] {0x19, 0x15, 0x13, 0x45, 0x30});

        Mdpm m = Mdpm.decode(shuffled, 0, shuffled.length);

        assertThat(m.make()).isEqualTo("Sony");
        assertThat(m.recorded()).isNull();
    }

    @Test
    void aCountBeyondThePayloadReadsWhatIsThere() {
        byte[] payload = new MdpmRecords().recorded(RECORDED, 0x02).payload();
        payload[20] = (byte) 200;

        assertThat(Mdpm.decode(payload, 0, payload.length).recorded()).isEqualTo(RECORDED);
        assertThat(Mdpm.decode(payload, 0, payload.length - 3).recorded()).isNull();
    }

    @Test
    void throughAnSeiUnit_whoseZerosNeedEmulationPrevention() {
        LocalDateTime midnight = LocalDateTime.of(2000, 1, 1, 0, 0, 0);
        MdpmRecords records = new MdpmRecords().recorded(midnight, 0x00).maker(MdpmRecords.SONY).model("DCR-SR1");

        assertThat(records.seiUnit()).as("escaped").hasSizeGreaterThan(records.payload().length + 8);
        Mdpm m = throughSei(records);
        assertThat(m.recorded()).isEqualTo(midnight);
        assertThat(m.offset()).isEqualTo(ZoneOffset.UTC);
        assertThat(m.model()).isEqualTo("DCR-SR1");
    }

    @Test
    void otherUserDataIsNotMdpm() {
        byte[] x264 = "\u00dc\u0045\u00e9\u00bd\u00e6\u00d9\u0048\u00b7\u0096\u002c\u00d8\u0020\u00d9\u0023\u00ee\u00efx264 - core 164"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(Mdpm.isMdpm(x264, 0, x264.length)).isFalse();
        assertThat(Mdpm.isMdpm(new MdpmRecords().payload(), 0, 20)).as("nothing after the magic").isFalse();
    }
}
