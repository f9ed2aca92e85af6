package dev.crashtriage.render;

/**
 * Makes text from a log safe to print on a terminal: every control character becomes visible, so a
 * compromised host cannot move the cursor, retitle the window, plant OSC 8 links or OSC 52 clipboard
 * writes, reorder text with bidi overrides ("Trojan Source"), or forge report lines with newlines.
 */
public final class ControlCharEscaper {
    /** Text output shows at most this many characters of one log-derived value. */
    public static final int DEFAULT_MAX_CHARS = 1000;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ControlCharEscaper() {
    }

    public static String escape(String s) {
        return escape(s, Integer.MAX_VALUE);
    }

    /**
     * Escapes {@code s} and cuts it to {@code maxChars} characters of the original, appending a
     * marker saying how much was cut (a megabyte-long line must not flood a terminal).
     */
    public static String escape(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        int n = s.length();
        int limit = Math.min(n, maxChars);
        if (limit < n && limit > 0 && Character.isHighSurrogate(s.charAt(limit - 1))) {
            // never leave half a surrogate pair: it would print as a replacement character
            limit--;
        }
        int i = 0;
        while (i < limit && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(limit + 32);
        b.append(s, 0, i);
        for (; i < limit; i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                b.append(c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == 0x1b) {
                b.append("\\e");
            } else if (c <= 0xff) {
                b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                b.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        if (limit < n) {
            b.append(" [... ").append(n - limit).append(" more characters cut]");
        }
        return b.toString();
    }

    static boolean needsEscape(char c) {
        // C0, DEL, C1 (0x80-0x9f: 8-bit CSI 0x9b, OSC 0x9d and friends), the Unicode line and paragraph
        // separators, and every bidi control of UAX #9 (marks, embeddings, overrides, isolates)
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
                || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
