package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** journalctl -o json entries (field names as systemd.journal-fields(7) documents them). */
class JournalJsonRecordParserTest {

    private static String entry(String boot, String transport, String ident, String prio, String message, long usec) {
        return "{\"__CURSOR\":\"s=1a2b;i=1\",\"__REALTIME_TIMESTAMP\":\"" + (1678761112000000L + usec)
                + "\",\"__MONOTONIC_TIMESTAMP\":\"" + usec + "\",\"_BOOT_ID\":\"" + boot + "\",\"PRIORITY\":\"" + prio
                + "\",\"_TRANSPORT\":\"" + transport + "\",\"SYSLOG_FACILITY\":\"0\""
                + (ident == null ? "" : ",\"SYSLOG_IDENTIFIER\":\"" + ident + "\"")
                + (transport.equals("kernel") ? ",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"" + usec + "\"" : "")
                + ",\"_HOSTNAME\":\"web3\",\"MESSAGE\":" + message + "}\n";
    }

    @Test
    void entriesBecomeRecords() {
        String log = entry("b1", "kernel", "kernel", "4",
                "\"WARNING: CPU: 2 PID: 0 at net/sched/sch_generic.c:477 dev_watchdog+0x20f/0x250\"", 8812114230L)
                + entry("b1", "syslog", "sshd", "6", "\"Accepted publickey for deploy from 10.1.2.3 port 50122 ssh2\"", 8813000000L)
                + entry("b2", "kernel", "kernel", "3", "[66,85,71,58,32,115,111,102,116,32,108,111,99,107,117,112,10,255,65]", 1000000L);
        Reads.Result r = Reads.read(log, null);
        assertEquals(LogFormat.JOURNAL_JSON, r.summary().format());
        assertEquals("-- Boot b1 --", r.texts().get(0));
        assertEquals("journal", r.records().get(0).program());
        LogRecord w = r.records().get(1);
        assertTrue(w.kernel());
        assertEquals("kernel", w.program());
        assertEquals(4, w.level());
        assertEquals("web3", w.host());
        assertEquals(8812.11423, w.monoTime(), 1e-9);
        assertEquals("2023-03-14T04:58:44.114230Z", w.wallTime());
        assertEquals("WARNING: CPU: 2 PID: 0 at net/sched/sch_generic.c:477 dev_watchdog+0x20f/0x250", w.text());
        LogRecord ssh = r.records().get(2);
        assertFalse(ssh.kernel());
        assertEquals("sshd", ssh.program());
        assertEquals("-- Boot b2 --", r.texts().get(3));
        // A byte-array MESSAGE with a newline and an invalid byte: two records, the byte replaced.
        assertEquals("BUG: soft lockup", r.texts().get(4));
        assertEquals("\uFFFDA", r.texts().get(5));
        assertEquals(3, r.records().get(5).line());
    }

    @Test
    void brokenObjectsDoNotStopTheRest() {
        Reads.Result r = Reads.read("{\"MESSAGE\":\"first\",\"_TRANSPORT\":\"kernel\"}\n{\"MESSAGE\": [1,2,\n"
                + "{\"MESSAGE\":\"third\",\"_TRANSPORT\":\"kernel\"}\n", LogFormat.JOURNAL_JSON);
        assertEquals("first", r.texts().get(0));
        assertEquals("third", r.texts().get(r.texts().size() - 1));
    }
}
