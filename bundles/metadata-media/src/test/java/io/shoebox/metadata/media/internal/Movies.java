package io.shoebox.metadata.media.internal;

import static io.shoebox.metadata.media.internal.TestFiles.ascii;
import static io.shoebox.metadata.media.internal.TestFiles.box;
import static io.shoebox.metadata.media.internal.TestFiles.concat;
import static io.shoebox.metadata.media.internal.TestFiles.fullBox;
import static io.shoebox.metadata.media.internal.TestFiles.u16;
import static io.shoebox.metadata.media.internal.TestFiles.u32;
import static io.shoebox.metadata.media.internal.TestFiles.utf8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** QuickTime and MP4 movies for tests, box by box. */
final class Movies {

    /** Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01. */
    static final long EPOCH_1904 = 2_082_844_800L;

    private Movies() {
    }

    static long seconds1904(String instant) {
        return Instant.parse(instant).getEpochSecond() + EPOCH_1904;
    }

    /** A version 0 movie header. */
    static byte[] mvhd(long creation1904, long timescale, long duration) {
        return fullBox("mvhd", 0, 0, u32(creation1904), u32(creation1904), u32(timescale), u32(duration),
                new byte[80]);
    }

    /** A video track of the given size, turned clockwise by {@code rotation} degrees. */
    static byte[] videoTrack(int width, int height, int rotation) {
        int one = 1 << 16;
        int[] m = switch (rotation) {
            case 90 -> new int[] {0, one, -one, 0};
            case 180 -> new int[] {-one, 0, 0, -one};
            case 270 -> new int[] {0, -one, one, 0};
            default -> new int[] {one, 0, 0, one};
        };
        byte[] matrix = concat(u32(m[0]), u32(m[1]), u32(0), u32(m[2]), u32(m[3]), u32(0), u32(0), u32(0), u32(1 << 30));
        byte[] tkhd = fullBox("tkhd", 0, 3, u32(0), u32(0), u32(1), u32(0), u32(0), new byte[16], matrix,
                u32((long) width << 16), u32((long) height << 16));
        byte[] hdlr = fullBox("hdlr", 0, 0, u32(0), ascii("vide"), new byte[12], new byte[] {0});
        return box("trak", tkhd, box("mdia", hdlr, box("minf", box("stbl"))));
    }

    /** A QuickTime metadata box with keys and text values, as iPhones write. */
    static byte[] keys(Map<String, String> values) {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> items = new ArrayList<>();
        int index = 1;
        for (Map.Entry<String, String> e : values.entrySet()) {
            byte[] name = utf8(e.getKey());
            keys.add(concat(u32(8 + name.length), ascii("mdta"), name));
            byte[] data = box("data", u32(1), u32(0), utf8(e.getValue()));
            items.add(concat(u32(8 + data.length), u32(index++), data));
        }
        byte[] hdlr = fullBox("hdlr", 0, 0, u32(0), ascii("mdta"), new byte[12], new byte[] {0});
        return box("meta", hdlr, fullBox("keys", 0, 0, u32(keys.size()), concat(keys.toArray(byte[][]::new))),
                box("ilst", concat(items.toArray(byte[][]::new))));
    }

    static Map<String, String> keyValues(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A user data text item ({@code ©xyz}, {@code ©day}, ...): length, language, text. */
    static byte[] userText(String fourcc, String text) {
        byte[] t = utf8(text);
        return box(fourcc, u16(t.length), u16(0x15C7), t);
    }

    static byte[] udta(byte[]... items) {
        return box("udta", items);
    }

    static byte[] moov(byte[]... children) {
        return box("moov", children);
    }
}
