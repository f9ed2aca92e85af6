package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BSD and RFC 3339 syslog as rsyslog writes them, with kernel messages from realworld F-3 and B-4. */
class SyslogRecordParserTest {
    private static final String LOG = ""
            + "Sep 12 21:04:11 andy-desktop kernel: [   10.854525] ata1.00: exception Emask 0x0 SAct 0x18000000 SErr 0x0 action 0x0\n"
            + "Sep 12 21:04:11 andy-desktop kernel: [   10.854554] ata1.00: error: { UNC }\n"
            + "Sep 12 21:04:12 andy-desktop CRON[2211]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)\n"
            + "Sep  2 03:00:01 fileserver kernel: tg3: eth0: transmit timed out, resetting\n"
            + "Sep  2 03:00:02 fileserver sshd[881]: Accepted publickey for root from 10.0.0.5 port 52100 ssh2\n";

    @Test
    void kernelLinesAndOtherPrograms() {
        Reads.Result r = Reads.read(LOG, null);
        assertEquals(LogFormat.SYSLOG, r.summary().format());
        LogRecord ata = r.records().get(0);
        assertEquals("andy-desktop", ata.host());
        assertEquals("--09-12T21:04:11", ata.wallTime());
        assertEquals(10.854525, ata.monoTime(), 1e-9);
        assertEquals("ata1.00: exception Emask 0x0 SAct 0x18000000 SErr 0x0 action 0x0", ata.text());
        assertTrue(ata.kernel());
        LogRecord cron = r.records().get(2);
        assertFalse(cron.kernel());
        assertEquals("CRON", cron.program());
        assertEquals("(root) CMD (   cd / && run-parts --report /etc/cron.hourly)", cron.text());
        LogRecord tg3 = r.records().get(3);
        assertEquals("fileserver", tg3.host());
        assertEquals("--09-02T03:00:01", tg3.wallTime());
        assertTrue(Double.isNaN(tg3.monoTime()), "no inner timestamp in this line");
        assertEquals("tg3: eth0: transmit timed out, resetting", tg3.text());
        assertEquals("sshd", r.records().get(4).program());
    }

    @Test
    void linesWithoutAHostNameAreStillKernelLines() {
        // syslogd set up without host names, as in an EDAC report quoted on GitHub (edac-utils#10 style)
        Reads.Result r = Reads.read(""
                + "Feb 23 03:28:16 kernel: EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#2_DIMM#0 (channel:2 slot:0 page:0x4d5c4d offset:0x0 grain:32 syndrome:0x0)\n"
                + "Feb 23 03:28:17 smartd[712]: Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from 62 to 63\n"
                + "Feb 23 03:28:18 kernel: EDAC sbridge MC0: HANDLING MCE MEMORY ERROR\n", LogFormat.SYSLOG);
        LogRecord edac = r.records().get(0);
        assertEquals(null, edac.host());
        assertTrue(edac.kernel());
        assertEquals("kernel", edac.program());
        assertTrue(edac.text().startsWith("EDAC MC0: 1 CE memory read error"), edac.text());
        LogRecord smartd = r.records().get(1);
        assertEquals(null, smartd.host());
        assertFalse(smartd.kernel());
        assertEquals("smartd", smartd.program());
    }

    @Test
    void receiverTimeInFrontOfAPrintkTimestampIsAKernelLine() {
        // netconsole received by a syslog daemon that adds only its own time (the I-1 capture shape)
        Reads.Result r = Reads.read(""
                + "Sep 18 10:52:14 [ 8402.385215] kworker/u16:1: page allocation failure: order:0, mode:0x20\n"
                + "Sep 18 10:52:14 [ 8402.385226] Pid: 21546, comm: kworker/u16:1 Not tainted 3.10.12 #1\n", LogFormat.SYSLOG);
        LogRecord first = r.records().get(0);
        assertEquals(null, first.host());
        assertTrue(first.kernel());
        assertEquals(8402.385215, first.monoTime(), 1e-9);
        assertEquals("kworker/u16:1: page allocation failure: order:0, mode:0x20", first.text());
    }

    @Test
    void rsyslogEscapesSplitOneLineIntoRecordsWithTheSameLineNumber() {
        Reads.Result r = Reads.read("2023-03-14T02:31:52.123456+01:00 web1 kernel: [ 8812.114230] BUG: kernel NULL pointer dereference, address: 0000000000000008#012[ 8812.114231] #PF: supervisor read access in kernel mode#012[ 8812.114232] Call Trace:#012[ 8812.114233] #011tg3_poll_work+0x38/0x3b0 [tg3]\n"
                + "2023-03-14T02:31:53.000001+01:00 web1 systemd[1]: Started Session 3 of user root.\n", null);
        assertEquals(LogFormat.SYSLOG, r.summary().format());
        List<LogRecord> k = r.kernel();
        assertEquals(List.of("BUG: kernel NULL pointer dereference, address: 0000000000000008",
                "#PF: supervisor read access in kernel mode", "Call Trace:", "\ttg3_poll_work+0x38/0x3b0 [tg3]"),
                k.stream().map(LogRecord::text).toList());
        assertTrue(k.stream().allMatch(x -> x.line() == 1 && "web1".equals(x.host())));
        assertEquals(8812.114233, k.get(3).monoTime(), 1e-9);
        assertEquals("2023-03-14T02:31:52.123456+01:00", k.get(0).wallTime());
        assertEquals(2, r.records().get(4).line());
    }

    @Test
    void priorityPrefixGivesTheLevel() {
        Reads.Result r = Reads.read("<3>Mar 14 02:31:52 db2 kernel: EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0\n",
                LogFormat.SYSLOG);
        assertEquals(3, r.records().get(0).level());
        assertEquals("db2", r.records().get(0).host());
        assertTrue(r.records().get(0).text().startsWith("EXT4-fs error (device sda1)"));
    }
}
