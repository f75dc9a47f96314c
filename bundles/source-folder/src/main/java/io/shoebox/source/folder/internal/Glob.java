package io.shoebox.source.folder.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A compiled exclude pattern. {@code *} and {@code ?} stay within one name, {@code **} crosses
 * folders, {@code [abc]} and {@code {jpg,jpeg}} work as in a shell. Matching ignores case: photo
 * files come as {@code IMG_1.JPG} as often as {@code img_1.jpg}.
 */
final class Glob {

    private final String text;
    private final boolean anchored;
    private final Pattern pattern;

    private Glob(String text, boolean anchored, Pattern pattern) {
        this.text = text;
        this.anchored = anchored;
        this.pattern = pattern;
    }

    /**
     * Compiles {@code glob}. A pattern without {@code /} is matched against names, one with
     * {@code /} against the path from the root (a leading or trailing {@code /} is ignored).
     */
    static Glob compile(String glob) {
        String trimmed = glob.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("an exclude pattern must not be empty");
        }
        boolean anchored = trimmed.indexOf('/') >= 0;
        String body = trimmed;
        while (body.startsWith("/")) {
            body = body.substring(1);
        }
        while (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("exclude pattern '" + glob + "' would exclude everything");
        }
        return new Glob(trimmed, anchored,
                Pattern.compile(toRegex(body), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    boolean anchored() {
        return anchored;
    }

    /** Whether the pattern matches {@code name} (unanchored) or {@code path} (anchored). */
    boolean matches(String name, String path) {
        return pattern.matcher(anchored ? path : name).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() * 2);
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                            i++;
                            regex.append("(?:.*/)?"); // "**/" also matches no folder at all
                        } else {
                            regex.append(".*");
                        }
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        regex.append('[');
                        if (set.startsWith("!")) {
                            regex.append('^');
                            set = set.substring(1);
                        }
                        regex.append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = end;
                    }
                }
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        regex.append(')');
                    } else {
                        regex.append("\\}");
                    }
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> {
                    if ("\\.^$+()|".indexOf(c) >= 0) {
                        regex.append('\\');
                    }
                    regex.append(c);
                }
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("unclosed '{' in exclude pattern '" + glob + "'");
        }
        return regex.toString();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
