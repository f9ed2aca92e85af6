package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

/**
 * Tells how far apart two records are, so that detectors can group bursts of lines into episodes.
 * Kernel monotonic time is preferred; wall-clock text is parsed only when a detector asks (never per
 * line of the whole log); when neither side has a time, line distance stands in.
 */
final class RecordClock {
    private RecordClock() {
    }

    /** Seconds of the record on some consistent axis, or NaN when it has no usable time. */
    static double seconds(LogRecord r) {
        if (r.hasMonoTime()) {
            return r.monoTime();
        }
        return r.wallTime() == null ? Double.NaN : wallSeconds(r.wallTime());
    }

    /**
     * True when {@code later} is close enough to {@code earlier} to belong to the same episode:
     * within {@code maxSeconds} when both have times on the same axis, else within {@code maxLines}.
     */
    static boolean near(LogRecord earlier, LogRecord later, double maxSeconds, long maxLines) {
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
     * Parses ISO-8601-like wall time ("2023-03-14T02:31:52.123+01:00", "--03-14T02:31:52", "03-14T02:31:52")
     * into seconds on an arbitrary but consistent axis; the zone is ignored (both sides come from one log).
     * NaN when it cannot be read.
     */
    static double wallSeconds(String s) {
        int t = s.indexOf('T');
        if (t < 0) {
            t = s.indexOf(' ');
        }
        if (t < 5 || s.length() < t + 9) {
            return Double.NaN;
        }
        try {
            int day = Integer.parseInt(s.substring(t - 2, t));
            int month = Integer.parseInt(s.substring(t - 5, t - 3));
            int year = 2001;
            if (t >= 10 && Character.isDigit(s.charAt(t - 10))) {
                year = Integer.parseInt(s.substring(t - 10, t - 6));
            }
            int hh = Integer.parseInt(s.substring(t + 1, t + 3));
            int mm = Integer.parseInt(s.substring(t + 4, t + 6));
            int ss = Integer.parseInt(s.substring(t + 7, t + 9));
            double frac = 0;
            int i = t + 9;
            if (i < s.length() && s.charAt(i) == '.') {
                int j = i + 1;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                if (j > i + 1) {
                    frac = Double.parseDouble("0" + s.substring(i, j));
                }
            }
            long days = java.time.LocalDate.of(year, month, day).toEpochDay();
            return days * 86400.0 + hh * 3600 + mm * 60 + ss + frac;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
