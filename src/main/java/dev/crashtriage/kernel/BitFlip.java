package dev.crashtriage.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether a filesystem checker's "found X, wanted Y" pair differs in exactly one bit: a value that was
 * right on disk and in the checksum but had one bit flipped in memory (btrfs: "csum 0x31430ccd expected csum
 * 0x31438ccd", "parent transid verify failed ... wanted 4611686018429035688 found 1647784"). A disk or a
 * controller garbles whole sectors; a single flipped bit points to RAM (or the CPU path to it).
 */
final class BitFlip {
    private BitFlip() {
    }

    private static final Pattern PAIRS = Pattern.compile(
            "csum (0x[0-9a-f]+) expected csum (0x[0-9a-f]+)"
                    + "|wanted (\\d+) found (\\d+)"
                    + "|have (\\d+) expect(?:ed)? (\\d+)(?![\\d\\]])");

    /** True when the line names a found/expected pair whose values differ in exactly one bit. */
    static boolean inLine(String t) {
        if (t.indexOf("csum") < 0 && t.indexOf("wanted") < 0 && t.indexOf("expect") < 0) {
            return false;
        }
        Matcher m = PAIRS.matcher(t);
        while (m.find()) {
            for (int g = 1; g <= 5; g += 2) {
                if (m.group(g) != null && oneBitApart(m.group(g), m.group(g + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean oneBitApart(String a, String b) {
        try {
            long x = a.startsWith("0x") ? Long.parseUnsignedLong(a.substring(2), 16) : Long.parseUnsignedLong(a);
            long y = b.startsWith("0x") ? Long.parseUnsignedLong(b.substring(2), 16) : Long.parseUnsignedLong(b);
            return Long.bitCount(x ^ y) == 1;
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }
}
