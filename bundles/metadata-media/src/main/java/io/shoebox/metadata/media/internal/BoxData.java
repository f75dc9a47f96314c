package io.shoebox.metadata.media.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over bytes held in memory (a box's payload, an item's data), big-endian as ISO boxes are.
 * Every read is bounds-checked and throws {@link Malformed} past the end, which the box parsers turn
 * into a problem of that box alone.
 */
final class BoxData {

    /** The data does not hold what its structure promises. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** A box found in memory: its type, UUID user type if any, and where its payload lies. */
    record Box(String type, String userType, int start, int end) {
        BoxData payload(byte[] bytes) {
            return new BoxData(bytes, start, end);
        }
    }

    /** More boxes than this in one container are not a real file. */
    private static final int MAX_BOXES = 10_000;

    private final byte[] bytes;
    private final int end;
    private int position;

    BoxData(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    BoxData(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.position = Math.max(0, Math.min(start, bytes.length));
        this.end = Math.max(this.position, Math.min(end, bytes.length));
    }

    int position() {
        return position;
    }

    int end() {
        return end;
    }

    int remaining() {
        return end - position;
    }

    private void need(long n) {
        if (n < 0 || position + n > end) {
            throw new Malformed("data ends early");
        }
    }

    int u8() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    int u16() {
        need(2);
        int v = (bytes[position] & 0xFF) << 8 | bytes[position + 1] & 0xFF;
        position += 2;
        return v;
    }

    int u24() {
        return u8() << 16 | u16();
    }

    long u32() {
        need(4);
        long v = (bytes[position] & 0xFFL) << 24 | (bytes[position + 1] & 0xFF) << 16
                | (bytes[position + 2] & 0xFF) << 8 | bytes[position + 3] & 0xFF;
        position += 4;
        return v;
    }

    int s32() {
        return (int) u32();
    }

    /** An unsigned 64-bit value; values past {@link Long#MAX_VALUE} are malformed here. */
    long u64() {
        long v = u32() << 32 | u32();
        if (v < 0) {
            throw new Malformed("64-bit value out of range");
        }
        return v;
    }

    /** A value of 0, 4 or 8 bytes, as the sizes in an item location box say. */
    long unsigned(int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> u32();
            case 8 -> u64();
            default -> throw new Malformed("field size " + size);
        };
    }

    /** An item ID, 16 or 32 bits by the box version. */
    long id(boolean wide) {
        return wide ? u32() : u16();
    }

    String fourcc() {
        need(4);
        String s = new String(bytes, position, 4, StandardCharsets.ISO_8859_1);
        position += 4;
        return s;
    }

    /** A NUL-terminated UTF-8 string, or the rest of the data if there is no NUL. */
    String cstring() {
        int from = position;
        while (position < end && bytes[position] != 0) {
            position++;
        }
        String s = new String(bytes, from, position - from, StandardCharsets.UTF_8);
        if (position < end) {
            position++;
        }
        return s;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] copy = java.util.Arrays.copyOfRange(bytes, position, position + n);
        position += n;
        return copy;
    }

    byte[] rest() {
        return bytes(remaining());
    }

    void skip(long n) {
        need(n);
        position += (int) n;
    }

    /**
     * The boxes from the current position to the end. A box that claims more than its container holds
     * is cut at the container's end (a truncated file keeps what it has); a size too small to be a box
     * ends the list.
     */
    List<Box> boxes() {
        List<Box> boxes = new ArrayList<>();
        while (remaining() >= 8 && boxes.size() < MAX_BOXES) {
            int start = position;
            long size = u32();
            String type = fourcc();
            if (size == 1) {
                if (remaining() < 8) {
                    break;
                }
                size = u64();
            } else if (size == 0) {
                size = end - start;
            }
            String userType = null;
            if (type.equals("uuid")) {
                if (remaining() < 16) {
                    break;
                }
                userType = uuid(bytes(16));
            }
            if (size < position - start) {
                break;
            }
            int boxEnd = (int) Math.min(end, start + size);
            boxes.add(new Box(type, userType, position, boxEnd));
            position = boxEnd;
        }
        return boxes;
    }

    /** The first box of {@code type} among {@code boxes}, or {@code null}. */
    static Box first(List<Box> boxes, String type) {
        for (Box box : boxes) {
            if (box.type().equals(type)) {
                return box;
            }
        }
        return null;
    }

    static String uuid(byte[] b) {
        StringBuilder s = new StringBuilder(36);
        for (int i = 0; i < b.length; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                s.append('-');
            }
            s.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return s.toString();
    }
}
