package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** journalctl text outputs, with kernel messages from realworld G-3 and F-3. */
class JournalTextRecordParserTest {

    @Test
    void shortWithMarkers() {
        Reads.Result r = Reads.read(""
                + "-- Logs begin at Mon 2017-03-13 10:01:02 CST, end at Tue 2017-03-14 11:00:00 CST. --\n"
                + "Mar 14 10:22:31 taishan kernel: NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]\n"
                + "Mar 14 10:22:31 taishan kernel: Kernel panic - not syncing: softlockup: hung tasks\n"
                + "-- Reboot --\n"
                + "Mar 14 10:25:02 taishan systemd[1]: Starting Flush Journal to Persistent Storage...\n", null);
        assertEquals(LogFormat.JOURNAL_TEXT, r.summary().format());
        LogRecord marker = r.records().get(0);
        assertEquals("journal", marker.program());
        assertFalse(marker.kernel());
        assertTrue(marker.text().startsWith("-- Logs begin at"));
        assertEquals("NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]", r.texts().get(1));
        assertEquals("taishan", r.records().get(1).host());
        assertEquals("-- Reboot --", r.texts().get(3));
        assertEquals("journal", r.records().get(3).program());
        assertEquals("taishan", r.records().get(3).host(), "markers stay with the host of the stream");
        assertEquals("systemd", r.records().get(4).program());
    }

    @Test
    void shortPreciseIsoAndMonotonic() {
        Reads.Result precise = Reads.read(""
                + "-- Journal begins at Sat 2015-09-12 21:00:00 BST. --\n"
                + "Sep 12 21:04:11.854554 andy-desktop kernel: ata1.00: error: { UNC }\n", null);
        assertEquals("--09-12T21:04:11.854554", precise.records().get(1).wallTime());
        assertEquals("ata1.00: error: { UNC }", precise.texts().get(1));

        Reads.Result iso = Reads.read("2015-09-12T21:04:11+0100 andy-desktop kernel: ata1.00: failed command: READ FPDMA QUEUED\n"
                + "2015-09-12T21:04:12+0100 andy-desktop NetworkManager[702]: <info>  [1442088252.1234] manager: startup complete\n", null);
        assertEquals(LogFormat.JOURNAL_TEXT, iso.summary().format());
        assertEquals("2015-09-12T21:04:11+0100", iso.records().get(0).wallTime());
        assertEquals("NetworkManager", iso.records().get(1).program());

        Reads.Result mono = Reads.read("-- Boot 4f1c2b0d3e6a4a9b8d0c9e1f2a3b4c5d --\n"
                + "[   10.854525] andy-desktop kernel: ata1.00: exception Emask 0x0 SAct 0x18000000 SErr 0x0 action 0x0\n"
                + "[   10.900000] andy-desktop systemd-udevd[301]: sda: Process '/sbin/hdparm' failed with exit code 5.\n", null);
        assertEquals(LogFormat.JOURNAL_TEXT, mono.summary().format());
        List<LogRecord> k = mono.kernel();
        assertEquals(1, k.size());
        assertEquals(10.854525, k.get(0).monoTime(), 1e-9);
        assertEquals("andy-desktop", k.get(0).host());
        assertEquals("systemd-udevd", mono.records().get(2).program());
        assertEquals("-- Boot 4f1c2b0d3e6a4a9b8d0c9e1f2a3b4c5d --", mono.texts().get(0));
    }

    @Test
    void theFirstLogsBeginMarkerTakesTheHostOfTheFirstEntry() {
        // before the first entry no host is known; a host-less marker would become a stream (and result) of its own
        Reads.Result r = Reads.read(""
                + "-- Logs begin at Mon 2017-03-13 10:01:02 CST, end at Tue 2017-03-14 11:00:00 CST. --\n"
                + "Mar 14 10:22:31 taishan kernel: NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]\n", null);
        assertEquals(2, r.records().size());
        assertEquals("taishan", r.records().get(0).host());
        assertEquals(1, r.records().get(0).line());
        assertEquals("taishan", r.records().get(1).host());
        Reads.Result empty = Reads.read("-- Logs begin at Mon 2017-03-13 10:01:02 CST, end at Tue 2017-03-14 11:00:00 CST. --\n"
                + "-- No entries --\n", LogFormat.JOURNAL_TEXT);
        assertEquals(2, empty.records().size(), "a dump without entries still gives its lines at the end");
    }
}
