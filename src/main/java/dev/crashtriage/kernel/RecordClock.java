package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

/**
 * Record times for the whole pipeline: how far apart two records are (detectors group bursts into episodes),
 * and a record's seconds on one axis (signature count windows read it too, so both layers agree).
 * Kernel monotonic time is preferred; wall-clock text is parsed only when asked (never per
 * line of the whole log); when neither side has a time, line distance stands in.
 */
public final class RecordClock {
    private RecordClock() {
    }

    /** Seconds of the record on some consistent axis, or NaN when it has no usable time. */
    public static double seconds(LogRecord r) {
        if (r.hasMonoTime()) {
            return r.monoTime();
        }
        return r.wallTime() == null ? Double.NaN : wallSeconds(r.wallTime());
    }

    /**
     * True when {@code later} is close enough to {@code earlier} to belong to the same episode:
     * within {@code maxSeconds} when both have times on the same axis, else within {@code maxLines}.
     */
    public static boolean near(LogRecord earlier, LogRecord later, double maxSeconds, long maxLines) {
        if (earlier.hasMonoTime() && later.hasMonoTime()) {
            double d = later.monoTime() - earlier.monoTime();
            return d >= -0.001 && d <= maxSeconds;
        }
        if (!earlier.hasMonoTime() && !later.hasMonoTime() && earlier.wallTime() != null && later.wallTime() != null) {
            double d = wallSeconds(later.wallTime()) - wallSeconds(earlier.wallTime());
            if (!Double.isNaN(d)) {
                return d >= -1 && d <= maxSeconds;
            }
        }
        long dl = later.line() - earlier.line();
        return dl >= 0 && dl <= maxLines;
    }

    /**
     * Parses ISO-8601-like wall time ("2023-03-14T02:31:52.123+01:00", "--03-14T02:31:52", "03-14 02:31:52") into
     * seconds on an arbitrary but consistent axis, without allocating; the zone is ignored (both sides come from
     * one log) and a missing year reads as 2001. NaN when it is not that shape.
     */
    public static double wallSeconds(String w) {
        int i = 0;
        int n = w.length();
        long[] nums = new long[6];
        int k = 0;
        double frac = 0;
        while (i < n && k < 6) {
            char c = w.charAt(i);
            if (c >= '0' && c <= '9') {
                long v = 0;
                int start = i;
                while (i < n && w.charAt(i) >= '0' && w.charAt(i) <= '9' && i - start < 9) {
                    v = v * 10 + (w.charAt(i) - '0');
                    i++;
                }
                nums[k++] = v;
            } else if (c == '.' && k >= 5) {
                break;
            } else if (c == '+' || c == 'Z' || (c == '-' && k >= 5)) {
                break;
            } else {
                i++;
            }
        }
        if (k == 6 && i < n && w.charAt(i) == '.') {
            int start = ++i;
            long v = 0;
            while (i < n && w.charAt(i) >= '0' && w.charAt(i) <= '9' && i - start < 9) {
                v = v * 10 + (w.charAt(i) - '0');
                i++;
            }
            frac = i > start ? v / Math.pow(10, i - start) : 0;
        } else if (k == 5 && i < n && w.charAt(i) == '.') {
            int start = ++i;
            long v = 0;
            while (i < n && w.charAt(i) >= '0' && w.charAt(i) <= '9' && i - start < 9) {
                v = v * 10 + (w.charAt(i) - '0');
                i++;
            }
            frac = i > start ? v / Math.pow(10, i - start) : 0;
        }
        long year;
        int f;
        if (k == 6) {
            year = nums[0];
            f = 1;
        } else if (k == 5) {
            year = 2001;
            f = 0;
        } else {
            return Double.NaN;
        }
        long month = nums[f];
        long day = nums[f + 1];
        long h = nums[f + 2];
        long m = nums[f + 3];
        long s = nums[f + 4];
        if (month < 1 || month > 12 || day < 1 || day > 31 || h > 24 || m > 59 || s > 61) {
            return Double.NaN;
        }
        return daysFromCivil(year, month, day) * 86400.0 + h * 3600 + m * 60 + s + frac;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
