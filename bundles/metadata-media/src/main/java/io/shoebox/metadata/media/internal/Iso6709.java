package io.shoebox.metadata.media.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 6709 locations as QuickTime writes them ({@code +32.0929+034.8620+028.516/}): latitude,
 * longitude and optional altitude, in decimal degrees or in degrees and minutes ({@code +4807.038})
 * or degrees, minutes and seconds ({@code +480702.3}), told apart by the number of integer digits.
 */
final class Iso6709 {

    private static final Pattern LOCATION = Pattern.compile(
            "\\s*([+-]\\d+(?:\\.\\d*)?)([+-]\\d+(?:\\.\\d*)?)([+-]\\d+(?:\\.\\d*)?)?(?:CRS.*)?/?\\s*");

    private Iso6709() {
    }

    /** {latitude, longitude} or {latitude, longitude, altitude}, or {@code null}. */
    static double[] parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = LOCATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        Double latitude = degrees(m.group(1), 2);
        Double longitude = degrees(m.group(2), 3);
        if (latitude == null || longitude == null) {
            return null;
        }
        if (m.group(3) == null) {
            return new double[] {latitude, longitude};
        }
        return new double[] {latitude, longitude, Double.parseDouble(m.group(3))};
    }

    /** Decimal degrees from a signed number whose integer part has {@code degreeDigits}, +2 for minutes, +4 for seconds. */
    private static Double degrees(String value, int degreeDigits) {
        int sign = value.charAt(0) == '-' ? -1 : 1;
        String unsigned = value.substring(1);
        int dot = unsigned.indexOf('.');
        int integerDigits = dot < 0 ? unsigned.length() : dot;
        double number = Double.parseDouble(unsigned.isEmpty() || unsigned.equals(".") ? "0" : unsigned);
        double degrees;
        if (integerDigits <= degreeDigits) {
            degrees = number;
        } else if (integerDigits == degreeDigits + 2) {
            double d = Math.floor(number / 100);
            degrees = d + (number - d * 100) / 60;
        } else if (integerDigits == degreeDigits + 4) {
            double d = Math.floor(number / 10_000);
            double rest = number - d * 10_000;
            double minutes = Math.floor(rest / 100);
            degrees = d + minutes / 60 + (rest - minutes * 100) / 3600;
        } else {
            return null;
        }
        return sign * degrees;
    }
}
