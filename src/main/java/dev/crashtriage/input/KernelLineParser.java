package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * Takes apart what the kernel itself puts in front of a console line: an optional printk level
 * {@code <N>}, an optional timestamp {@code [ 8812.114230]}, an optional caller id {@code [ T3121]},
 * and splits a line where another record's {@code <N>} or printk timestamp is glued into it (two consoles
 * writing at once: {@code RIP ... <0>Kernel Panic - not syncing}; a message cut off and followed by
 * {@code [   76.471107] BUG: ...}). A console prefix repeated inside the line ({@code [ 1.0] <4>[ 1.0] text})
 * is taken off as well. Every format whose kernel lines carry these
 * (dmesg, serial, plain netconsole, syslog's inner timestamp) parses them here.
 */
final class KernelLineParser {
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private final String source;

    KernelLineParser(String source) {
        this.source = source;
    }

    /**
     * Emits the kernel record(s) in {@code s} from index {@code from}.
     *
     * @param envelopeMono monotonic time from the envelope (journal short-monotonic), NaN if none
     * @param level    level from the envelope (syslog priority...), -1 if none; a {@code <N>} in the text wins
     * @param program  "kernel", or null for formats that cannot say
     */
    void parse(long lineNo, String host, String wallTime, double envelopeMono, int level, String program, String s,
               int from, Consumer<LogRecord> out) {
        int n = s.length();
        int i = from;
        // A loop, not recursion: a hostile line can hold thousands of glued prefixes.
        while (true) {
            int lvl = level;
            int afterLevel = levelPrefixEnd(s, i);
            if (afterLevel > 0) {
                lvl = levelValue(s, i + 1, afterLevel - 1);
                i = afterLevel;
            }
            double mono = envelopeMono;
            String caller = null;
            if (i < n && s.charAt(i) == '[') {
                int close = parseTimestamp(s, i);
                if (close > 0) {
                    mono = parsedSeconds;
                    i = close + 1;
                    if (i < n && s.charAt(i) == '[') {
                        int callerEnd = callerIdEnd(s, i);
                        if (callerEnd > 0) {
                            caller = s.substring(callerIdStart(s, i), callerEnd);
                            i = callerEnd + 1;
                        }
                    }
                    if (i < n && s.charAt(i) == ' ') {
                        i++;
                    }
                }
            }
            if (i > from && i < n && s.charAt(i) == '<' && levelPrefixEnd(s, i) > 0 && levelPrefixEnd(s, i) < n
                    && s.charAt(levelPrefixEnd(s, i)) == '[' && timestampEnd(s, levelPrefixEnd(s, i)) > 0) {
                // A console prefix inside the line ("[ 107.430421] <4>[ 107.430421]  queued_spin_lock_slowpath+0x.."):
                // the text starts after the inner prefix, so frames stay frames.
                continue;
            }
            int glued = findGluedLevel(s, i);
            int gluedTime = findGluedTimestamp(s, i);
            if (gluedTime > 0 && continuesSameEmitter(s, i, gluedTime)) {
                // "trusty: panic (caller [ 331.008787] trusty: 0xffff...)": one emitter printing its line in pieces.
                gluedTime = -1;
            }
            if (gluedTime > 0 && (glued < 0 || gluedTime < glued)) {
                glued = gluedTime;
            }
            if (glued < 0) {
                out.accept(new LogRecord(source, lineNo, host, mono, wallTime, lvl, caller, program, true,
                        i == 0 ? s : s.substring(i)));
                return;
            }
            String head = s.substring(i, glued);
            if (head.endsWith(" ")) {
                head = head.stripTrailing();
            }
            out.accept(new LogRecord(source, lineNo, host, mono, wallTime, lvl, caller, program, true, head));
            i = glued;
        }
    }

    /** Index after a {@code <N>} / {@code <NNN>} prefix at i, or -1. */
    static int levelPrefixEnd(String s, int i) {
        int n = s.length();
        if (i >= n || s.charAt(i) != '<') {
            return -1;
        }
        int j = i + 1;
        while (j < n && j - i <= 3 && isDigit(s.charAt(j))) {
            j++;
        }
        if (j == i + 1 || j >= n || s.charAt(j) != '>') {
            return -1;
        }
        return j + 1;
    }

    /** The syslog priority value's low three bits are the printk level; the rest is the facility. */
    private static int levelValue(String s, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (s.charAt(k) - '0');
        }
        return v & 7;
    }

    /**
     * Where a one-digit {@code <N>} starts inside the text, or -1. It must be followed by a letter or
     * '[' so that hex such as {@code <ffffffff80425d00>} and code bytes {@code <0f>} never split a line.
     */
    static int findGluedLevel(String s, int from) {
        int n = s.length();
        int at = s.indexOf('<', from + 1);
        while (at >= 0 && at + 3 < n) {
            if (at > from && s.charAt(at + 2) == '>' && s.charAt(at + 1) >= '0' && s.charAt(at + 1) <= '7') {
                char next = s.charAt(at + 3);
                if (next == '[' || Character.isLetter(next)) {
                    return at;
                }
            }
            at = s.indexOf('<', at + 1);
        }
        return -1;
    }

    /**
     * Where a printk timestamp starts inside the text, or -1: a message cut off and followed directly by the
     * next record ("...link is up[   76.471107] BUG: unable to handle..."), which starts a new record as
     * lkp-tests splits such lines. Only the exact printk shape counts (six fraction digits, then a space) so
     * that bracketed numbers in messages never split a line.
     */
    static int findGluedTimestamp(String s, int from) {
        int n = s.length();
        int at = s.indexOf('[', from + 1);
        while (at > 0 && at + 10 < n) {
            int close = timestampEnd(s, at);
            if (close > 0 && close + 1 < n && s.charAt(close + 1) == ' ' && close - s.lastIndexOf('.', close) == 7) {
                return at;
            }
            at = s.indexOf('[', at + 1);
        }
        return -1;
    }

    /** Whether the text after a glued timestamp starts with the same "emitter: " prefix as the text before it. */
    private static boolean continuesSameEmitter(String s, int head, int glued) {
        int colon = s.indexOf(": ", head);
        if (colon < 0 || colon >= glued || colon - head > 32) {
            return false;
        }
        int close = timestampEnd(s, glued);
        int tail = close + 2;
        return tail + (colon - head) <= s.length() && s.regionMatches(tail, s, head, colon - head + 1);
    }

    /** Seconds of the timestamp {@link #parseTimestamp} found last. */
    private double parsedSeconds;

    /** Like {@link #timestampEnd} and {@link #timestampValue} in one pass: this runs for nearly every line. */
    private int parseTimestamp(String s, int i) {
        int n = s.length();
        int j = i + 1;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        int digits = j;
        long whole = 0;
        char c = 0;
        while (j < n && (c = s.charAt(j)) >= '0' && c <= '9') {
            whole = whole * 10 + (c - '0');
            j++;
        }
        if (j == digits || j - digits > 12 || j >= n || c != '.') {
            return -1;
        }
        j++;
        int frac = j;
        long fraction = 0;
        while (j < n && (c = s.charAt(j)) >= '0' && c <= '9') {
            fraction = fraction * 10 + (c - '0');
            j++;
        }
        if (j == frac || j - frac > 9 || j >= n || c != ']') {
            return -1;
        }
        parsedSeconds = whole + fraction / POW10[j - frac];
        return j;
    }

    /** Index of the ']' closing a {@code [ seconds.fraction]} timestamp opened at i, or -1. */
    static int timestampEnd(String s, int i) {
        int n = s.length();
        int j = i + 1;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        int digits = j;
        while (j < n && isDigit(s.charAt(j))) {
            j++;
        }
        if (j == digits || j - digits > 12 || j >= n || s.charAt(j) != '.') {
            return -1;
        }
        j++;
        int frac = j;
        while (j < n && isDigit(s.charAt(j))) {
            j++;
        }
        if (j == frac || j - frac > 9 || j >= n || s.charAt(j) != ']') {
            return -1;
        }
        return j;
    }

    /** The seconds of a timestamp between from and the closing bracket, parsed without allocating. */
    static double timestampValue(String s, int from, int close) {
        int j = from;
        while (s.charAt(j) == ' ') {
            j++;
        }
        long whole = 0;
        while (s.charAt(j) != '.') {
            whole = whole * 10 + (s.charAt(j++) - '0');
        }
        j++;
        long frac = 0;
        int fracDigits = close - j;
        while (j < close) {
            frac = frac * 10 + (s.charAt(j++) - '0');
        }
        return whole + frac / POW10[fracDigits];
    }

    /** Index of the ']' closing a caller id {@code [ T3121]} / {@code [    C1]} opened at i, or -1. */
    static int callerIdEnd(String s, int i) {
        int j = callerIdStart(s, i);
        int n = s.length();
        if (j >= n || (s.charAt(j) != 'T' && s.charAt(j) != 'C')) {
            return -1;
        }
        int d = ++j;
        while (j < n && isDigit(s.charAt(j))) {
            j++;
        }
        if (j == d || j >= n || s.charAt(j) != ']') {
            return -1;
        }
        return j;
    }

    private static int callerIdStart(String s, int i) {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == ' ') {
            j++;
        }
        return j;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
