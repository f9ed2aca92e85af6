package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The {@code listen --out} capture format (docs/listen.md, "Raw logs"). Lines are constructed in the listener's
 * layout from the I-3 extended netconsole capture (input/README.md); the syslog look-alikes are constructed.
 */
class NetconsoleCaptureRecordParserTest {

    @Test
    void theReceiveTimeBecomesTheWallTimeAndFragmentsAreJoined() {
        Reads.Result r = Reads.read("""
                2026-12-01T22:10:00.123400Z 4,1508,12767657146,-;Call Trace:
                2026-12-01T22:10:00.123400Z  msgid=19
                2026-12-01T22:10:00.123456Z 4,1509,12767657146,-,ncfrag=0/48;Modules linked in: nfnetlink_q
                2026-12-01T22:10:00.123499Z 4,1509,12767657146,-,ncfrag=30/48;ueue nfnetlink_log
                2026-12-01T22:10:00.200000Z [ 1376.188273] NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s!
                """, null);
        assertEquals(LogFormat.NETCONSOLE_CAPTURE, r.summary().format());
        assertEquals(List.of("Call Trace:", "Modules linked in: nfnetlink_queue nfnetlink_log",
                "NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s!"), r.texts());
        assertEquals("2026-12-01T22:10:00.123400Z", r.records().get(0).wallTime());
        assertEquals("2026-12-01T22:10:00.123499Z", r.records().get(1).wallTime(), "the last fragment's time");
        assertEquals(3, r.records().get(1).line(), "the message is cited at its first fragment");
        assertEquals(12767.657146, r.records().get(1).monoTime(), 1e-9);
        assertEquals(1376.188273, r.records().get(2).monoTime(), 1e-9);
        assertEquals("2026-12-01T22:10:00.200000Z", r.records().get(2).wallTime());
    }

    @Test
    void aMessageWaitingForItsLastFragmentLeavesBeforeAPlainLineThatEndsIt() {
        // constructed: the second fragment was lost, and a plain netconsole line arrived next (found by fuzzing:
        // the held message came out after the later line)
        Reads.Result r = Reads.read("""
                2026-12-01T22:10:00.123456Z 4,1509,12767657146,-,ncfrag=0/48;Modules linked in: nfnetlink_q
                2026-12-01T22:10:00.200000Z [ 1376.188273] NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s!
                """, null);
        assertEquals(List.of(1L, 2L), r.records().stream().map(LogRecord::line).toList());
        assertEquals("Modules linked in: nfnetlink_q", r.texts().get(0));
        assertEquals("2026-12-01T22:10:00.123456Z", r.records().get(0).wallTime());
    }

    @Test
    void aRelayedSyslogLineKeepsItsOwnTimeAndHost() {
        Reads.Result r = Reads.read("2026-12-01T22:10:01.000001Z <4>1 2024-03-14T02:31:53.120000+00:00 web1 kernel - - - "
                + "[ 8812.114250] CPU: 2 PID: 0 Comm: swapper/2 Not tainted 5.15.0-91-generic #101-Ubuntu\n", null);
        assertEquals(LogFormat.NETCONSOLE_CAPTURE, r.summary().format());
        assertEquals("web1", r.records().get(0).host());
        assertEquals("2024-03-14T02:31:53.120000+00:00", r.records().get(0).wallTime());
    }

    @Test
    void syslogFilesWithTheSameTimesAreNotCaptures() {
        // rsyslog's RFC 3339 template in UTC with microseconds: a host and a program follow the time
        List<String> syslog = List.of(
                "2026-12-01T22:10:00.123456Z mail2 kernel: [ 8812.114230] tg3: eth0: transmit timed out, resetting",
                "2026-12-01T22:10:00.223456Z mail2 kernel: 4,1509,12767657146,-;looks like a record inside a message",
                "2026-12-01T22:10:01.000000Z mail2 CRON[1234]: (root) CMD (run-parts /etc/cron.hourly)");
        assertEquals(LogFormat.SYSLOG, FormatSniffer.sniff(syslog));
        assertEquals(LogFormat.SYSLOG, FormatSniffer.sniff(List.of(
                "2026-12-01T22:10:00.123456+00:00 mail2 kernel: tg3: eth0: transmit timed out, resetting")));
    }

    @Test
    void linesWithoutAReceiveTimeAreReadWithoutAWallTime() {
        Reads.Result r = Reads.read("4,1508,12767657146,-;Call Trace:\n", LogFormat.NETCONSOLE_CAPTURE);
        assertEquals("Call Trace:", r.texts().get(0));
        assertNull(r.records().get(0).wallTime());
    }
}
