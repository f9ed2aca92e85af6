package dev.crashtriage.input;

/**
 * The envelope of a syslog-style line, parsed in place and reused from line to line:
 * {@code [<PRI>]TIMESTAMP HOST TAG[PID]: MESSAGE}, where TIMESTAMP is BSD ({@code Mar 14 02:31:52},
 * optionally with a fraction as journalctl short-precise writes it), RFC 3339 ({@code 2023-03-14T02:31:52.123+01:00},
 * also journalctl short-iso's {@code +0100}), or journalctl short-monotonic's {@code [ 8812.114230]}.
 */
final class SyslogHeader {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    int level;
    String wallTime;
    double monoTime;
    String host;
    String program;
    /** Where the message starts. */
    int messageStart;

    /** True when the line has a timestamp and a host; program may still be null (no tag). */
    boolean parse(String s) {
        level = -1;
        wallTime = null;
        monoTime = Double.NaN;
        host = null;
        program = null;
        int i = 0;
        int afterPri = KernelLineParser.levelPrefixEnd(s, 0);
        if (afterPri > 0) {
            int v = 0;
            for (int k = 1; k < afterPri - 1; k++) {
                v = v * 10 + s.charAt(k) - '0';
            }
            level = v & 7;
            i = afterPri;
        }
        int afterTime = bsdTimeEnd(s, i);
        if (afterTime > 0) {
            wallTime = "--" + two(monthNumber(s, i)) + "-" + (s.charAt(i + 4) == ' ' ? "0" : s.charAt(i + 4))
                    + s.charAt(i + 5) + "T" + s.substring(i + 7, afterTime);
        } else if ((afterTime = rfc3339End(s, i)) > 0) {
            wallTime = s.substring(i, afterTime);
        } else if (i < s.length() && s.charAt(i) == '[' && (afterTime = KernelLineParser.timestampEnd(s, i)) > 0) {
            monoTime = KernelLineParser.timestampValue(s, i + 1, afterTime);
            afterTime++;
        } else {
            return false;
        }
        if (afterTime >= s.length() || s.charAt(afterTime) != ' ') {
            return false;
        }
        int h = afterTime + 1;
        if (h < s.length() && s.charAt(h) == '[' && KernelLineParser.timestampEnd(s, h) > 0) {
            // "Sep 18 12:00:01 [  123.456] text": a receiver's time stamp in front of a bare printk line (netconsole
            // captured by a syslog daemon without host names)
            program = "kernel";
            messageStart = h;
            return true;
        }
        int hostEnd = s.indexOf(' ', h);
        if (hostEnd <= h) {
            return false;
        }
        int t;
        if (s.charAt(hostEnd - 1) == ':') {
            // "Feb 23 03:28:16 kernel: ..." (syslogd configured without host names): the token is the tag
            t = h;
        } else {
            host = s.substring(h, hostEnd);
            t = hostEnd + 1;
        }
        int n = s.length();
        int j = t;
        while (j < n) {
            char c = s.charAt(j);
            if (c == ':' || c == '[' || c == ' ') {
                break;
            }
            j++;
        }
        if (j == t || j >= n || s.charAt(j) == ' ') {
            messageStart = t;
            return true;
        }
        int tagEnd = j;
        if (s.charAt(j) == '[') {
            int close = s.indexOf(']', j);
            if (close < 0 || close + 1 >= n || s.charAt(close + 1) != ':') {
                messageStart = t;
                return true;
            }
            j = close + 1;
        }
        program = tagEnd - t == 6 && s.startsWith("kernel", t) ? "kernel" : s.substring(t, tagEnd);
        j++;
        if (j < n && s.charAt(j) == ' ') {
            j++;
        }
        messageStart = j;
        return true;
    }

    /** Index after {@code Mmm dd hh:mm:ss[.ffffff]} at i, or -1. */
    static int bsdTimeEnd(String s, int i) {
        int n = s.length();
        if (n < i + 15 || monthNumber(s, i) < 0 || s.charAt(i + 3) != ' ' || s.charAt(i + 6) != ' '
                || s.charAt(i + 9) != ':' || s.charAt(i + 12) != ':') {
            return -1;
        }
        int j = i + 15;
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && KernelLineParser.isDigit(s.charAt(j))) {
                j++;
            }
        }
        return j;
    }

    /** Index after {@code yyyy-mm-ddThh:mm:ss[.f+][Z|+hh:mm|+hhmm]} at i, or -1. */
    static int rfc3339End(String s, int i) {
        int n = s.length();
        if (n < i + 19 || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-' || s.charAt(i + 10) != 'T'
                || s.charAt(i + 13) != ':' || s.charAt(i + 16) != ':' || !KernelLineParser.isDigit(s.charAt(i))) {
            return -1;
        }
        int j = i + 19;
        if (j < n && (s.charAt(j) == '.' || s.charAt(j) == ',')) {
            j++;
            while (j < n && KernelLineParser.isDigit(s.charAt(j))) {
                j++;
            }
        }
        if (j < n && s.charAt(j) == 'Z') {
            return j + 1;
        }
        if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
            while (j < n && (KernelLineParser.isDigit(s.charAt(j)) || s.charAt(j) == ':')) {
                j++;
            }
        }
        return j;
    }

    /** 1..12 for a three-letter English month name at i, else -1. */
    static int monthNumber(String s, int i) {
        if (s.length() < i + 3) {
            return -1;
        }
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(i, MONTHS, m * 3, 3)) {
                return m + 1;
            }
        }
        return -1;
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
