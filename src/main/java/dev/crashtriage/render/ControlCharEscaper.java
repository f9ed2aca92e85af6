package dev.crashtriage.render;

/** Makes text from a log safe to print on a terminal: every control character becomes visible. */
public final class ControlCharEscaper {
    private ControlCharEscaper() {
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        int i = 0;
        int n = s.length();
        while (i < n && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16);
        b.append(s, 0, i);
        for (; i < n; i++) {
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
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        // C0, DEL, C1 (0x80-0x9f: 8-bit CSI and friends), and the Unicode bidi/line separators
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
