package io.shoebox.api.source;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How file names travel through Shoebox byte for byte, whatever their encoding.
 *
 * <p>Names are UTF-8 on every system Shoebox reads, except where they are not: files from old
 * Windows systems and zip archives often carry names in a legacy code page. Such a name is kept as a
 * Java string in which every byte that is not part of valid UTF-8 becomes the unpaired surrogate
 * {@code U+DC00 + byte} ({@code U+DC80} to {@code U+DCFF}), as Python's {@code surrogateescape}
 * does. The mapping is one to one, so the name restores to exactly its bytes, sorts and compares
 * like any other string, and travels through JSON as an escaped code unit. {@link #display} shows
 * it to people with each such byte as {@code \xNN}.
 *
 * <p>The JDK decodes a name it reads from a folder lossily when it is not valid in the platform's
 * encoding; {@link #nameOf} and {@link #resolve} go through the file URI, which the JDK builds from
 * and parses to the exact bytes, whenever a name cannot be represented as a string.
 */
public final class FileNames {

    private static final char FIRST_ESCAPE = '\uDC80';
    private static final char LAST_ESCAPE = '\uDCFF';
    private static final char REPLACEMENT = '\uFFFD';
    private static final boolean UTF8_PLATFORM = isUtf8(System.getProperty("sun.jnu.encoding"));

    private FileNames() {
    }

    /** The name held by bytes: UTF-8, with every byte outside valid UTF-8 as an escape. */
    public static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (result.isOverflow()) {
                throw new IllegalStateException("a decoded name cannot be longer than its bytes");
            }
            // malformed or unmappable: escape the offending bytes one by one and go on after them
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (0xDC00 | (in.get() & 0xFF)));
            }
        }
        out.flip();
        return out.toString();
    }

    /**
     * The bytes of a name: its UTF-8, with every escape turned back into its byte.
     *
     * @throws IllegalArgumentException when the name holds an unpaired surrogate that is no escape
     */
    public static byte[] encode(String name) {
        if (!hasEscapes(name)) {
            return strictUtf8(name);
        }
        byte[] out = new byte[name.length() * 3];
        int length = 0;
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || isEscape(name, i)) {
                byte[] plain = strictUtf8(name.substring(start, i));
                System.arraycopy(plain, 0, out, length, plain.length);
                length += plain.length;
                if (i < name.length()) {
                    out[length++] = (byte) (name.charAt(i) & 0xFF);
                }
                start = i + 1;
            }
        }
        return Arrays.copyOf(out, length);
    }

    /** Whether a name holds bytes that are not valid UTF-8. */
    public static boolean hasEscapes(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (isEscape(name, i)) {
                return true;
            }
        }
        return false;
    }

    /** The name for people: every byte that is not valid UTF-8 shown as {@code \xNN}. */
    public static String display(String name) {
        if (!hasEscapes(name)) {
            return name;
        }
        StringBuilder text = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isEscape(name, i)) {
                text.append("\\x").append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** The last name of a path, exactly as its bytes are on the disk. */
    public static String nameOf(Path path) {
        Path fileName = path.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException(path + " has no file name");
        }
        String name = fileName.toString();
        if (representable(name) && name.indexOf(REPLACEMENT) < 0) {
            return name;
        }
        String uri = path.toAbsolutePath().toUri().getRawPath();
        int end = uri.endsWith("/") ? uri.length() - 1 : uri.length();
        return decode(percentDecode(uri.substring(uri.lastIndexOf('/', end - 1) + 1, end)));
    }

    /**
     * A path below a folder, exactly: {@code relative} is {@code /}-separated, and each of its names
     * becomes the bytes {@link #encode} gives it.
     */
    public static Path resolve(Path folder, String relative) {
        Path path = folder;
        for (String name : relative.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            if (representable(name)) {
                path = path.resolve(name);
            } else {
                String base = path.toAbsolutePath().toUri().toString();
                path = Path.of(URI.create((base.endsWith("/") ? base : base + "/") + percentEncode(encode(name))));
            }
        }
        return path;
    }

    /** Whether the platform's file names can hold this name as a string without loss. */
    private static boolean representable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80 && (!UTF8_PLATFORM || isEscape(name, i))) {
                return false;
            }
        }
        return true;
    }

    /** An unpaired surrogate in the escape range at {@code i}. */
    private static boolean isEscape(String name, int i) {
        char c = name.charAt(i);
        if (c < FIRST_ESCAPE || c > LAST_ESCAPE) {
            return false;
        }
        return i == 0 || !Character.isHighSurrogate(name.charAt(i - 1));
    }

    private static byte[] strictUtf8(String text) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text));
            return Arrays.copyOf(bytes.array(), bytes.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the name '" + display(text) + "' holds an unpaired surrogate", e);
        }
    }

    private static String percentEncode(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int value = b & 0xFF;
            if (value >= 'a' && value <= 'z' || value >= 'A' && value <= 'Z' || value >= '0' && value <= '9'
                    || value == '-' || value == '.' || value == '_' || value == '~') {
                text.append((char) value);
            } else {
                text.append('%').append(Character.forDigit(value >> 4, 16)).append(Character.forDigit(value & 0xF, 16));
            }
        }
        return text.toString();
    }

    private static byte[] percentDecode(String text) {
        byte[] out = new byte[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out[length++] = (byte) Integer.parseInt(text, i + 1, i + 3, 16);
                i += 2;
            } else {
                out[length++] = (byte) c;
            }
        }
        return Arrays.copyOf(out, length);
    }

    private static boolean isUtf8(String charset) {
        return charset != null && (charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8"));
    }
}
