package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Record times as the input formats give them (journal short-iso and short-precise, syslog without a year). */
class RecordClockTest {

    @Test
    void wallTimesOfEveryShapeOnOneAxis() {
        double a = RecordClock.wallSeconds("2015-09-12T21:04:11+0100");
        assertEquals(1.5, RecordClock.wallSeconds("2015-09-12T21:04:12.5+0100") - a, 1e-9);
        assertEquals(0.854554, RecordClock.wallSeconds("--09-12T21:04:11.854554") - RecordClock.wallSeconds("--09-12T21:04:11"), 1e-6);
        assertEquals(86400, RecordClock.wallSeconds("2024-03-01T00:00:00") - RecordClock.wallSeconds("2024-02-29T00:00:00"), 1e-9,
                "calendar-exact across a leap day");
        assertEquals(60, RecordClock.wallSeconds("03-14 02:32:52") - RecordClock.wallSeconds("03-14 02:31:52"), 1e-9);
        assertTrue(Double.isNaN(RecordClock.wallSeconds("Mar 14 02:31:52")), "month names are the parsers' job");
        assertTrue(Double.isNaN(RecordClock.wallSeconds("2015-13-12T21:04:11")));
    }

    @Test
    void nearUsesKernelTimeElseWallTimeElseLines() {
        LogRecord a = new LogRecord("s", 1, null, 10.0, null, -1, null, "kernel", true, "x");
        LogRecord b = new LogRecord("s", 50, null, 11.5, null, -1, null, "kernel", true, "y");
        assertTrue(RecordClock.near(a, b, 2, 10), "1.5 s apart, whatever the line distance");
        assertFalse(RecordClock.near(b, a, 2, 10), "not backwards");
        LogRecord c = new LogRecord("s", 2, null, Double.NaN, "--03-14T02:31:52", -1, null, "kernel", true, "x");
        LogRecord d = new LogRecord("s", 3, null, Double.NaN, "--03-14T02:33:52", -1, null, "kernel", true, "y");
        assertFalse(RecordClock.near(c, d, 60, 10), "two minutes of wall time although one line apart");
        assertTrue(RecordClock.near(LogRecord.plain("s", 1, "x"), LogRecord.plain("s", 5, "y"), 1, 10));
    }
}
