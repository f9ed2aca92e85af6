package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;

/**
 * A record's time in seconds for counting windows: the kernel's monotonic time, or else the
 * wall-clock time read as seconds since an arbitrary origin (only differences matter), or NaN.
 */
final class RecordTime {
    private RecordTime() {
    }

    static double seconds(LogRecord r) {
        if (r.hasMonoTime()) {
            return r.monoTime();
        }
        String w = r.wallTime();
        return w == null ? Double.NaN : wallSeconds(w);
    }

    /** Reads "[YYYY-]MM-DD(T| )hh:mm:ss[.frac]..." without allocating; NaN when it is not that shape. */
    static double wallSeconds(String w) {
        int i = 0;
        int n = w.length();
        long[] nums = new long[6];
        int k = 0;
        double frac = 0;
        while (i < n && k < 6) {
            char c = w.charAt(i);
            if (Character.isDigit(c)) {
                long v = 0;
                int start = i;
                while (i < n && Character.isDigit(w.charAt(i)) && i - start < 9) {
                    v = v * 10 + (w.charAt(i) - '0');
                    i++;
                }
                nums[k++] = v;
            } else if (c == '.' && k >= 5) {
                int start = ++i;
                long v = 0;
                while (i < n && Character.isDigit(w.charAt(i)) && i - start < 9) {
                    v = v * 10 + (w.charAt(i) - '0');
                    i++;
                }
                frac = v / Math.pow(10, i - start);
                break;
            } else if (c == '+' || c == 'Z' || (c == '-' && k >= 5)) {
                break;
            } else {
                i++;
            }
        }
        long year;
        long month;
        long day;
        long h;
        long m;
        long s;
        if (k == 6) {
            year = nums[0]; month = nums[1]; day = nums[2]; h = nums[3]; m = nums[4]; s = nums[5];
        } else if (k == 5) {
            year = 0; month = nums[0]; day = nums[1]; h = nums[2]; m = nums[3]; s = nums[4];
        } else {
            return Double.NaN;
        }
        // calendar-exact days are not needed: windows are minutes long, and month ends only stretch a gap
        long days = year * 372 + month * 31 + day;
        return days * 86400.0 + h * 3600 + m * 60 + s + frac;
    }
}
