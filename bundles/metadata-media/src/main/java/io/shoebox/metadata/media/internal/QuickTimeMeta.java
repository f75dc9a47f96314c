package io.shoebox.metadata.media.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.shoebox.metadata.media.internal.BoxData.Box;

/**
 * QuickTime's two kinds of movie metadata: the {@code meta} box with {@code keys} and {@code ilst}
 * (where iPhones write {@code com.apple.quicktime.creationdate}, the location, make and model, and the
 * Live Photo content identifier), or with an iTunes-style {@code ilst} alone (where Google Photos writes
 * the place), and the older user data box {@code udta} with its {@code ©xyz}, {@code ©day},
 * {@code ©mak}, {@code ©mod} texts (which Android phones write in MP4 files).
 */
final class QuickTimeMeta {

    /** The well-known data types of a {@code data} box: UTF-8 and UTF-16 text. */
    private static final int UTF8 = 1;
    private static final int UTF16 = 2;

    private QuickTimeMeta() {
    }

    /** Reads a {@code meta} box payload: QuickTime's plain container, or MP4's full box with a version. */
    static void readMeta(byte[] payload, IsoMedia media) {
        try {
            BoxData data = new BoxData(payload);
            boolean plain = payload.length >= 8
                    && new String(payload, 4, 4, StandardCharsets.ISO_8859_1).equals("hdlr");
            if (!plain) {
                data.skip(4);
            }
            List<Box> boxes = data.boxes();
            Box keys = BoxData.first(boxes, "keys");
            Box ilst = BoxData.first(boxes, "ilst");
            if (keys != null && ilst != null) {
                readKeyedItems(payload, keys, ilst, media);
            } else if (ilst != null) {
                readItemList(payload, ilst, media);
            }
        } catch (BoxData.Malformed e) {
            media.problem("QuickTime meta box: " + e.getMessage());
        }
    }

    private static void readKeyedItems(byte[] payload, Box keysBox, Box ilst, IsoMedia media) {
        BoxData keys = keysBox.payload(payload);
        keys.skip(4);
        long count = keys.u32();
        List<String> names = new ArrayList<>();
        for (long i = 0; i < count && keys.remaining() >= 8; i++) {
            long size = keys.u32();
            keys.fourcc(); // namespace, 'mdta'
            if (size < 8 || size - 8 > keys.remaining()) {
                break;
            }
            names.add(new String(keys.bytes((int) size - 8), StandardCharsets.UTF_8));
        }
        for (Box item : ilst.payload(payload).boxes()) {
            long index = new BoxData(item.type().getBytes(StandardCharsets.ISO_8859_1)).u32();
            if (index < 1 || index > names.size()) {
                continue;
            }
            String value = text(payload, item);
            if (value != null) {
                media.keys.putIfAbsent(names.get((int) index - 1), value);
            }
        }
    }

    /**
     * An iTunes-style item list, whose items are named by their own types: of these only the place
     * ({@code ©xyz}, which Google Photos writes in the movies it saves) and the date ({@code ©day}) say
     * anything about a recording. They count after the user data's own.
     */
    private static void readItemList(byte[] payload, Box ilst, IsoMedia media) {
        for (Box item : ilst.payload(payload).boxes()) {
            if (item.type().equals("\u00A9xyz") || item.type().equals("\u00A9day")) {
                String value = text(payload, item);
                if (value != null) {
                    media.userData.putIfAbsent(item.type(), value);
                }
            }
        }
    }

    /** The text of the first {@code data} box in an item, or {@code null} if it holds no text. */
    private static String text(byte[] payload, Box item) {
        for (Box data : item.payload(payload).boxes()) {
            if (!data.type().equals("data")) {
                continue;
            }
            BoxData d = data.payload(payload);
            int type = (int) (d.u32() & 0xFFFFFF);
            d.skip(4); // locale
            if (type == UTF8) {
                return new String(d.rest(), StandardCharsets.UTF_8);
            } else if (type == UTF16) {
                return new String(d.rest(), StandardCharsets.UTF_16BE);
            }
            return null;
        }
        return null;
    }

    /** Reads a {@code udta} box payload: its {@code ©} texts, an {@code XMP_} packet, a {@code meta} box. */
    static void readUserData(byte[] payload, IsoMedia media) {
        List<Box> boxes;
        try {
            boxes = new BoxData(payload).boxes();
        } catch (BoxData.Malformed e) {
            media.problem("QuickTime user data: " + e.getMessage());
            return;
        }
        for (Box box : boxes) {
            try {
                if (box.type().charAt(0) == '\u00A9') {
                    String text = userDataText(payload, box);
                    if (text != null) {
                        media.userData.putIfAbsent(box.type(), text);
                    }
                } else if (box.type().equals("date")) {
                    media.userData.putIfAbsent("date", new String(box.payload(payload).rest(), StandardCharsets.UTF_8));
                } else if (box.type().equals("loci")) {
                    readLocation(box.payload(payload), media);
                } else if (box.type().equals("XMP_")) {
                    media.xmp.add(box.payload(payload).rest());
                } else if (box.type().equals("meta")) {
                    readMeta(box.payload(payload).rest(), media);
                }
            } catch (BoxData.Malformed e) {
                media.problem("QuickTime user data " + box.type() + ": " + e.getMessage());
            }
        }
    }

    /**
     * 3GPP's location box, which Android phones write: version and flags, language, a name, a role, then
     * longitude, latitude and altitude as signed 16.16 fixed-point numbers.
     */
    private static void readLocation(BoxData d, IsoMedia media) {
        d.skip(4 + 2);
        skipString(d);
        d.u8();
        double longitude = d.s32() / 65536.0;
        double latitude = d.s32() / 65536.0;
        double altitude = d.s32() / 65536.0;
        if (media.location3gpp == null) {
            media.location3gpp = new double[] {latitude, longitude, altitude};
        }
    }

    /** Skips a 3GPP string: NUL-terminated UTF-8, or UTF-16 after a byte order mark, ended by a NUL unit. */
    private static void skipString(BoxData d) {
        int first = d.u8();
        if (first == 0) {
            return;
        }
        int second = d.u8();
        if (first == 0xFE && second == 0xFF || first == 0xFF && second == 0xFE) {
            while (d.u16() != 0) {
                // UTF-16 code units
            }
        } else if (second != 0) {
            d.cstring();
        }
    }

    /**
     * A user data text: a 16-bit length, a 16-bit language code and the text (QuickTime's "international
     * text"), or a {@code data} box as iTunes-style writers put there.
     */
    private static String userDataText(byte[] payload, Box box) {
        BoxData d = box.payload(payload);
        if (d.remaining() >= 8 && new String(payload, box.start() + 4, 4, StandardCharsets.ISO_8859_1).equals("data")) {
            return text(payload, new Box(box.type(), null, box.start(), box.end()));
        }
        int length = d.u16();
        d.skip(2); // language
        return new String(d.bytes(Math.min(length, d.remaining())), StandardCharsets.UTF_8);
    }
}
