package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Lines a mail client or terminal wrapped in two. Constructed: a 5.x WARNING as it reads after a
 * 78-column mail re-wrap (the header's file and function, and one frame's offset, on a line of their own).
 */
class RewrappedLinesTest {
    private static final String WRAPPED = String.join("\n",
            "[  171.245432] ------------[ cut here ]------------",
            "[  171.245440] WARNING: CPU: 2 PID: 2383 at",
            "fs/ext4/inode.c:3590 ext4_set_page_dirty+0x3e/0x50",
            "[  171.245470] Modules linked in: ext4 mbcache jbd2",
            "[  171.245480] CPU: 2 PID: 2383 Comm: dd Not tainted 5.10.0 #1",
            "[  171.245490] RIP: 0010:ext4_set_page_dirty+0x3e/0x50",
            "[  171.245500] Call Trace:",
            "[  171.245510]  set_page_dirty+0x90/0x",
            "110",
            "[  171.245520]  ext4_write_end+0x1b2/0x3f0",
            "[  171.245530]  generic_perform_write+0xf1/0x1c0",
            "[  171.245540] ---[ end trace 1 ]---", "");

    @Test
    void aWrappedWarningHeaderAndFrameAreReadRejoined() {
        List<LogRecord> r = TestLogs.records("mail", WRAPPED);
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), r);
        assertEquals(1, found.size());
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.WARNING, b.kind);
        assertEquals("WARNING in ext4_set_page_dirty", b.title);
        assertEquals(1, b.facts.get(Facts.REWRAPPED), "the incident says the log was re-wrapped");
        assertFalse(b.corrupted, () -> b.corruptedReason);
        assertEquals("0x110", b.frames.stream().filter(f -> f.function().equals("set_page_dirty")).findFirst().orElseThrow().size());
    }

    @Test
    void linesThatOnlyLookCutAreNotJoined() {
        // A header cut after "at" followed by a real record of its own, and prose ending in "at".
        assertNull(RewrappedLines.join("WARNING: CPU: 2 PID: 2383 at", "Modules linked in: ext4"));
        assertNull(RewrappedLines.join("usb 1-1: device descriptor read/64, error -71 at", "fs/ext4/inode.c:3590 foo+0x1/0x2"));
        assertFalse(RewrappedLines.mayBeCut("e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"));
        List<LogRecord> r = TestLogs.records("t", String.join("\n",
                "[  171.245440] WARNING: CPU: 2 PID: 2383 at",
                "[  171.245441] fs/ext4/inode.c:3590 ext4_set_page_dirty+0x3e/0x50", ""));
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), r);
        assertFalse(found.stream().anyMatch(b -> b.facts.has(Facts.REWRAPPED)), "two timestamped records are two lines");
    }

    @Test
    void aPageFaultHeaderCutBeforeItsAddressIsRejoined() {
        // Constructed in the 4.x x86 wording (arch/x86/mm/fault.c), wrapped by a mail client after "pointer".
        List<LogRecord> r = TestLogs.records("mail", String.join("\n",
                "[   12.000000] BUG: unable to handle kernel NULL pointer",
                "dereference at 0000000000000008",
                "[   12.000001] IP: [<ffffffffa0001234>] nvme_queue_rq+0x1c/0x40 [nvme]",
                "[   12.000002] Oops: 0000 [#1] SMP",
                "[   12.000003] Call Trace:",
                "[   12.000004]  [<ffffffff81234567>] blk_mq_dispatch_rq_list+0x1/0x2", ""));
        IncidentBuilder b = TestLogs.detect(new CrashReportDetector(), r).get(0);
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in nvme_queue_rq", b.title);
        assertEquals(1, b.facts.get(Facts.REWRAPPED));
        assertNull(RewrappedLines.join("BUG: unable to handle kernel NULL pointer dereference at 0000000000000008", "IP: foo"),
                "a complete header is never joined");
    }

    @Test
    void aPanicMessageThatRunsOnIsRejoinedOnlyAfterAStampedLine() {
        // Constructed: init/do_mounts.c's panic, wrapped after "on".
        List<LogRecord> r = TestLogs.records("mail", String.join("\n",
                "[   13.000000] Kernel panic - not syncing: VFS: Unable to mount root fs on",
                "unknown-block(0,0)", ""));
        assertEquals("kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)",
                TestLogs.detect(new CrashReportDetector(), r).get(0).title);
        // Without stamps nothing tells a wrap from the next line: a plain log keeps its lines.
        List<LogRecord> plain = TestLogs.records("plain", String.join("\n",
                "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009",
                "Rebooting in 10 seconds", ""));
        assertEquals("kernel panic: Attempted to kill init!", TestLogs.detect(new CrashReportDetector(), plain).get(0).title);
        assertNull(RewrappedLines.joinAfterStamp("Kernel panic - not syncing: Fatal exception", "[  OK  ] Started Journal Service."));
    }
}
