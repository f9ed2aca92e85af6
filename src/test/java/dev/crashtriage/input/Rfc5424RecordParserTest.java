package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 5424 lines as rsyslog's RSYSLOG_SyslogProtocol23Format forwards them. */
class Rfc5424RecordParserTest {

    @Test
    void fieldsAndStructuredData() {
        Reads.Result r = Reads.read(""
                + "<4>1 2023-03-14T02:31:52.114230+00:00 node7 kernel - - - [ 8812.114230] WARNING: CPU: 3 PID: 0 at net/sched/sch_generic.c:477 dev_watchdog+0x20f/0x250\n"
                + "<30>1 2023-03-14T02:31:53.000000+00:00 node7 systemd 1 - [meta sequenceId=\"17\" note=\"a \\] b\"] Started Daily apt upgrade.\n"
                + "<3>1 2023-03-14T02:31:54Z node7 kernel - - - \uFEFFNETDEV WATCHDOG: eth0 (tg3): transmit queue 0 timed out\n", null);
        assertEquals(LogFormat.RFC5424, r.summary().format());
        LogRecord w = r.records().get(0);
        assertEquals("node7", w.host());
        assertEquals(4, w.level());
        assertEquals("2023-03-14T02:31:52.114230+00:00", w.wallTime());
        assertEquals(8812.11423, w.monoTime(), 1e-9);
        assertTrue(w.text().startsWith("WARNING: CPU: 3 PID: 0 at net/sched/sch_generic.c:477"));
        LogRecord s = r.records().get(1);
        assertFalse(s.kernel());
        assertEquals("systemd", s.program());
        assertEquals("Started Daily apt upgrade.", s.text());
        assertEquals(6, s.level());
        assertEquals("NETDEV WATCHDOG: eth0 (tg3): transmit queue 0 timed out", r.records().get(2).text());
    }
}
