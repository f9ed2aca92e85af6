package dev.crashtriage.input;

/**
 * Undoes rsyslog's escaping of control characters ({@code $EscapeControlCharactersOnReceive}): a control
 * character is written as {@code #} and three octal digits, so {@code #012} is a newline and {@code #011} a tab.
 */
final class RsyslogEscapes {
    private RsyslogEscapes() {
    }

    /** Newlines and tabs come back; other escaped control characters are dropped like any control character. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '#' && i + 3 < n && isOctal(s, i + 1) && isOctal(s, i + 2)
                    && isOctal(s, i + 3) && s.charAt(i + 1) <= '3') {
                int v = (s.charAt(i + 1) - '0') * 64 + (s.charAt(i + 2) - '0') * 8 + (s.charAt(i + 3) - '0');
                if (v < 0x20 || v == 0x7f) {
                    if (v == '\n' || v == '\t') {
                        out.append((char) v);
                    }
                    i += 3;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
