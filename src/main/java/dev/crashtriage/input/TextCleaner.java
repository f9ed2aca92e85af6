package dev.crashtriage.input;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a line that are not plain printable ASCII into clean text: UTF-8 decoded with
 * replacement characters for invalid sequences, NULs and other control characters dropped, ANSI
 * escape sequences (CSI, OSC, charset selection...) removed and backspaces applied as a terminal
 * would ("ab\bc" reads "ac"). Only lines that need it come here; the common line never does.
 */
final class TextCleaner {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char C1_CSI = 0x9b;
    private static final char C1_OSC = 0x9d;

    private TextCleaner() {
    }

    static String clean(byte[] b, int off, int len) {
        boolean high = false;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                high = true;
                break;
            }
        }
        String decoded = new String(b, off, len, high ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return clean(decoded);
    }

    /** Cleans text that is already decoded (journal JSON messages, rsyslog escapes...). */
    static String clean(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, i);
        while (i < n) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                out.append(c);
                i++;
            } else if (c == '\t') {
                out.append(c);
                i++;
            } else if (c == '\b') {
                if (out.length() > 0) {
                    out.setLength(out.length() - 1);
                }
                i++;
            } else if (c == ESC) {
                i = skipEscape(s, i + 1);
            } else if (c == C1_CSI) {
                i = skipCsi(s, i + 1);
            } else if (c == C1_OSC) {
                i = skipString(s, i + 1);
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** i is just after ESC; returns the index after the whole sequence. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        switch (c) {
            case '[':
                return skipCsi(s, i + 1);
            case ']':
            case 'P':
            case 'X':
            case '^':
            case '_':
                return skipString(s, i + 1);
            case '(':
            case ')':
            case '*':
            case '+':
            case '-':
            case '.':
            case '/':
            case '#':
            case '%':
                return Math.min(s.length(), i + 2);
            default:
                return i + 1;
        }
    }

    /** Parameters 0x30-0x3f, intermediates 0x20-0x2f, one final byte 0x40-0x7e. */
    private static int skipCsi(String s, int i) {
        int n = s.length();
        while (i < n && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3f) {
            i++;
        }
        if (i < n && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7e) {
            i++;
        }
        return i;
    }

    /** OSC/DCS/PM/APC strings end with BEL or ST (ESC \); a runaway one ends with the line. */
    private static int skipString(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == BEL || c == 0x9c) {
                return i + 1;
            }
            if (c == ESC) {
                return i + 1 < n && s.charAt(i + 1) == '\\' ? i + 2 : i + 1;
            }
            i++;
        }
        return n;
    }
}
