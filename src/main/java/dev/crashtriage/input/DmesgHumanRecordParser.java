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

    /**
     * Index of the ']' of {@code [Www Mmm dd hh:mm:ss yyyy]} at i, or -1. dmesg formats the bracket with strftime's
     * locale-dependent {@code %a %b}, so under another locale the day and month are other words ("[Fr Aug 26 22:01:01
     * 2022]" in German, "[mar. sept. 6 ...]" in French): any two short words are accepted before the day of month.
     */
    static int humanTimeEnd(String s, int i) {
        if (s.length() < i + 22 || s.charAt(i) != '[') {
            return -1;
        }
        int close = s.indexOf(']', i);
        if (close < 0 || close - i < 20 || close - i > 32) {
            return -1;
        }
        if (s.charAt(close - 5) != ' ' || s.charAt(close - 11) != ':' || s.charAt(close - 8) != ':'
                || s.charAt(close - 14) != ' ') {
            return -1;
        }
        int afterDay = wordEnd(s, i + 1, close);
        int afterMonth = afterDay > 0 && s.charAt(afterDay) == ' ' ? wordEnd(s, afterDay + 1, close) : -1;
        if (afterMonth < 0) {
            return -1;
        }
        int d = afterMonth;
        while (d < close && s.charAt(d) == ' ') {
            d++;
        }
        return d > afterMonth && KernelLineParser.isDigit(s.charAt(d)) && d <= close - 15 ? close : -1;
    }

    /** End of a day or month name (1-6 letters, a trailing '.' allowed) starting at from, or -1. */
    private static int wordEnd(String s, int from, int limit) {
        int j = from;
        while (j < limit && j - from < 6 && Character.isLetter(s.charAt(j))) {
            j++;
        }
        if (j < limit && s.charAt(j) == '.') {
            j++;
        }
        return j > from && j < limit ? j : -1;
    }

    /**
     * "Tue Mar  4 02:31:52 2023" (between from and close) as "2023-03-04T02:31:52"; null when the month is not an
     * English abbreviation (another locale's name is not guessed: the record keeps no wall time).
     */
    private static String isoOf(String s, int from, int close) {
        String[] parts = s.substring(from, close).trim().split(" +");
        if (parts.length != 5) {
            return null;
        }
        int month = parts[1].length() == 3 ? SyslogHeader.monthNumber(parts[1], 0) : -1;
        if (month < 0) {
            return null;
        }
        parts = new String[] {parts[2], parts[3], parts[4]};
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
