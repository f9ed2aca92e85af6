package dev.crashtriage.kernel;

/**
 * Small allocation-light readers for the "key:value" and "N units" shapes kernel messages use;
 * cheaper than a regex per line and shared by the event detectors.
 */
final class TextScan {
    private TextScan() {
    }

    /** Index of the first non-blank character (console captures often indent kernel lines). */
    static int skipBlanks(String t) {
        int i = 0;
        while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The unsigned decimal right after {@code key} (e.g. "free:" -> 4260), or -1 when absent. */
    static long numberAfter(String t, String key) {
        int i = t.indexOf(key);
        return i < 0 ? -1 : digitsAt(t, i + key.length());
    }

    /** The unsigned decimal that starts at {@code i} (leading blanks skipped), or -1. */
    static long digitsAt(String t, int i) {
        while (i < t.length() && t.charAt(i) == ' ') {
            i++;
        }
        long v = 0;
        int start = i;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            if (v > Long.MAX_VALUE / 20) {
                return -1;
            }
            i++;
        }
        return i == start ? -1 : v;
    }

    /** The non-blank token right after {@code key}, cut at any of {@code stops}, or null. */
    static String tokenAfter(String t, String key, String stops) {
        int i = t.indexOf(key);
        if (i < 0) {
            return null;
        }
        i += key.length();
        int j = i;
        while (j < t.length() && t.charAt(j) != ' ' && stops.indexOf(t.charAt(j)) < 0) {
            j++;
        }
        return j == i ? null : t.substring(i, j);
    }

    /** The leading decimal of the text (after blanks), or -1: "4148173 total pagecache pages". */
    static long leadingNumber(String t) {
        return digitsAt(t, skipBlanks(t));
    }
}
