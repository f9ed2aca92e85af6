package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay context gives back exactly the records it was given, oldest first, within its byte budget. */
class ContextRecordsTest {

    /** Constructed records in the shapes the listener makes: extended (caller id, wall time) and plain (no level). */
    private static LogRecord record(long line) {
        return line % 2 == 0
                ? new LogRecord("udp:web1", line, "web1", 12767.657144 + line, "2026-12-01T22:10:00.123456Z", 4,
                "C" + (line % 8), "kernel", true, "BUG: unable to handle page fault for address: ffffc90000a3f000 é #" + line)
                : new LogRecord("udp:10.0.0.5:6665", line, "10.0.0.5:6665", Double.NaN, null, -1, null, null, true,
                "usb 1-1: new high-speed USB device number 7 using xhci_hcd #" + line);
    }

    @Test
    void givesBackWhatItKeptInOrder() {
        ContextRecords c = new ContextRecords();
        List<LogRecord> in = new ArrayList<>();
        for (long line = 1; line <= 1000; line++) {
            in.add(record(line));
            c.add(record(line), Long.MAX_VALUE);
        }
        List<LogRecord> out = new ArrayList<>();
        c.forEach(out::add);
        assertEquals(in, out);
        assertEquals(1, c.oldestLine());
    }

    @Test
    void dropsTheOldestChunksBeyondItsBudgetAndKeepsTheNewest() {
        ContextRecords c = new ContextRecords();
        for (long line = 1; line <= 20_000; line++) {
            c.add(record(line), 256 << 10);
        }
        List<LogRecord> out = new ArrayList<>();
        c.forEach(out::add);
        assertTrue(c.bytes() <= 256 << 10, "within budget: " + c.bytes());
        assertEquals(20_000, out.get(out.size() - 1).line(), "the newest record is kept");
        assertEquals(c.oldestLine(), out.get(0).line());
        assertTrue(out.get(0).line() > 1 && out.size() > 1000, out.get(0).line() + " / " + out.size());
        for (int i = 1; i < out.size(); i++) {
            assertEquals(out.get(i - 1).line() + 1, out.get(i).line(), "no gap inside what is kept");
        }
    }
}
