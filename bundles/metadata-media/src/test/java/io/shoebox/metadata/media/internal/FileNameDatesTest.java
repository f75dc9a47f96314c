package io.shoebox.metadata.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileNameDatesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "IMG_20190101_123456.jpg                 | 2019-01-01T12:34:56",
        "VID_20190101_123456.mp4                 | 2019-01-01T12:34:56",
        "20190101_123456.jpg                     | 2019-01-01T12:34:56",
        "MVIMG_20190101_123456.jpg               | 2019-01-01T12:34:56",
        "IMG_20190101_123456_HDR.jpg             | 2019-01-01T12:34:56",
        "Screenshot_20190101-123456.png          | 2019-01-01T12:34:56",
        "Screenshot 2019-01-01 at 12.34.56.png   | 2019-01-01T12:34:56",
        "Screenshot 2019-01-01 at 1.34.56 PM.png | 2019-01-01T13:34:56",
        "Screenshot 2019-01-01 at 12.04.56 AM.png| 2019-01-01T00:04:56",
        "2019-01-01 12.34.56.jpg                 | 2019-01-01T12:34:56",
        "DCIM/Camera/IMG_20190101_123456.jpg     | 2019-01-01T12:34:56",
    })
    void readsTheLocalTimeCamerasAndAppsPutInNames(String name, LocalDateTime expected) {
        Stamp stamp = FileNameDates.parse(name);

        assertThat(stamp.local()).isEqualTo(expected);
        assertThat(stamp.offset()).isNull();
    }

    @org.junit.jupiter.api.Test
    void pixelNamesCarryMillisecondsInUtc() {
        Stamp stamp = FileNameDates.parse("PXL_20190101_123456789.jpg");

        assertThat(stamp.local()).isEqualTo(LocalDateTime.of(2019, 1, 1, 12, 34, 56, 789_000_000));
        assertThat(stamp.offset()).isEqualTo(ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "IMG_0001.JPG",                 // a counter
        "IMG_20191301_123456.jpg",      // month 13
        "IMG_20190230_123456.jpg",      // 30 February
        "IMG_20190101_256000.jpg",      // 25:60
        "DSC_120190101_123456.jpg",     // the date is part of a longer number
        "photo 12345678_123456.jpg",    // eight digits that are not a date
        "Screenshot 2019-01-01 at 13.34.56 PM.png",
        "holiday.jpg",
    })
    void findsNoDateWhereThereIsNone(String name) {
        assertThat(FileNameDates.parse(name)).isNull();
    }
}
