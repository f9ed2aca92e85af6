package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * {@code dmesg -H} / {@code --human} (and {@code dmesg -e}, {@code --reltime}): a wall-clock stamp
 * {@code [Jan13 11:28]} whenever the minute changes, then {@code [  +0.000156]}, the time since the
 * previous message. Monotonic time is rebuilt as the running sum of those deltas (from 0 at the first
 * line), so that pauses and bursts are measured as in raw dmesg; the wall-clock stamps carry no year
 * and no seconds, so they are kept as the record's wall time text only.
 */
final class DmesgRelativeRecordParser implements RecordParser {
    private final KernelLineParser kernel;
    private double mono;
    private String wall;

    DmesgRelativeRecordParser(String source) {
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        int start = Math.max(0, KernelLineParser.levelPrefixEnd(line, 0));
        int close = deltaEnd(line, start);
        if (close > 0) {
            mono += delta(line, start, close);
        } else {
            close = minuteStampEnd(line, start);
            if (close > 0) {
                wall = line.substring(start + 1, close);
            }
        }
        if (close < 0) {
            kernel.parse(lineNo, null, null, Double.NaN, -1, "kernel", line, 0, out);
            return;
        }
        int i = close + 1;
        if (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        kernel.parse(lineNo, null, wall, mono, -1, "kernel", line, i, out);
    }

    /** Index of the ']' of {@code [  +0.000156]} at i, or -1. */
    static int deltaEnd(String s, int i) {
        int n = s.length();
        if (i >= n || s.charAt(i) != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        if (j >= n || s.charAt(j) != '+') {
            return -1;
        }
        int d = ++j;
        while (j < n && KernelLineParser.isDigit(s.charAt(j))) {
            j++;
        }
        if (j == d || j >= n || s.charAt(j) != '.') {
            return -1;
        }
        int f = ++j;
        while (j < n && KernelLineParser.isDigit(s.charAt(j))) {
            j++;
        }
        return j > f && j < n && s.charAt(j) == ']' ? j : -1;
    }

    private static double delta(String s, int open, int close) {
        int plus = s.indexOf('+', open);
        try {
            return Double.parseDouble(s.substring(plus + 1, close));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Index of the ']' of {@code [Jan13 11:28]} (day space- or not padded) at i, or -1. */
    static int minuteStampEnd(String s, int i) {
        int n = s.length();
        if (i + 12 > n || s.charAt(i) != '[' || SyslogHeader.monthNumber(s, i + 1) < 0) {
            return -1;
        }
        int j = i + 4;
        while (j < n && s.charAt(j) == ' ') {
            j++;
        }
        int d = j;
        while (j < n && KernelLineParser.isDigit(s.charAt(j))) {
            j++;
        }
        if (j == d || j - d > 2 || j + 7 > n || s.charAt(j) != ' ') {
            return -1;
        }
        j++;
        if (!KernelLineParser.isDigit(s.charAt(j)) || !KernelLineParser.isDigit(s.charAt(j + 1)) || s.charAt(j + 2) != ':'
                || !KernelLineParser.isDigit(s.charAt(j + 3)) || !KernelLineParser.isDigit(s.charAt(j + 4)) || s.charAt(j + 5) != ']') {
            return -1;
        }
        return j + 5;
    }
}
