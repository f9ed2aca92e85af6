package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * {@code dmesg -T}: {@code [Tue Mar 14 02:31:52 2023] text}. The bracket holds ctime-style wall time
 * (day of month space-padded) instead of seconds since boot, so monotonic time stays unknown.
 */
final class DmesgHumanRecordParser implements RecordParser {
    private final KernelLineParser kernel;

    DmesgHumanRecordParser(String source) {
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        int level = -1;
        int start = KernelLineParser.levelPrefixEnd(line, 0);
        if (start > 0) {
            level = levelOf(line);
        } else {
            start = 0;
        }
        int close = humanTimeEnd(line, start);
        if (close < 0) {
            kernel.parse(lineNo, null, null, Double.NaN, -1, "kernel", line, 0, out);
            return;
        }
        String wall = isoOf(line, start + 1, close);
        int i = close + 1;
        if (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        kernel.parse(lineNo, null, wall, Double.NaN, level, "kernel", line, i, out);
    }

    private static int levelOf(String line) {
        int v = 0;
        for (int k = 1; k < line.length() && KernelLineParser.isDigit(line.charAt(k)); k++) {
            v = v * 10 + line.charAt(k) - '0';
        }
        return v & 7;
    }

    /** Index of the ']' of {@code [Www Mmm dd hh:mm:ss yyyy]} at i, or -1. */
    static int humanTimeEnd(String s, int i) {
        if (s.length() < i + 26 || s.charAt(i) != '[' || s.charAt(i + 4) != ' ') {
            return -1;
        }
        int close = s.indexOf(']', i);
        if (close < 0 || close - i < 24 || close - i > 26) {
            return -1;
        }
        if (SyslogHeader.monthNumber(s, i + 5) < 0 || s.charAt(close - 5) != ' ' || s.charAt(close - 11) != ':'
                || s.charAt(close - 8) != ':') {
            return -1;
        }
        return close;
    }

    /** "Tue Mar  4 02:31:52 2023" (between from and close) as "2023-03-04T02:31:52". */
    private static String isoOf(String s, int from, int close) {
        int month = SyslogHeader.monthNumber(s, from + 4);
        String[] parts = s.substring(from + 8, close).trim().split(" +");
        if (parts.length != 3) {
            return null;
        }
        int day;
        try {
            day = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        return parts[2] + "-" + two(month) + "-" + two(day) + "T" + parts[1];
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
