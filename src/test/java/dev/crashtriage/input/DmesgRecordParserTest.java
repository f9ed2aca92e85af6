package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DmesgRecordParserTest {

    @Test
    void callerIdsAreTakenApartFromTimeAndText() {
        Reads.Result r = Reads.read(Reads.resource("dmesg-caller-syzkaller-602.log"), null);
        assertEquals(LogFormat.DMESG, r.summary().format());
        LogRecord first = r.records().get(0);
        assertEquals(1, first.line());
        assertEquals(67.921889, first.monoTime(), 1e-9);
        assertEquals("T10420", first.callerId());
        assertEquals("Not enough msr switch entries. Can't add msr abd1e896", first.text());
        assertTrue(first.kernel());
        assertEquals("kernel", first.program());
        LogRecord frame = r.records().get(3);
        assertEquals(" ? intel_pmu_pebs_disable+0x2a9/0x320", frame.text(), "frame indentation is kept");
        LogRecord code = r.records().stream().filter(x -> x.text().startsWith("Code:")).findFirst().orElseThrow();
        assertTrue(code.text().contains("<48> 3d 01 f0"), "code bytes never split a line");
        assertEquals("Kernel panic - not syncing: Fatal exception",
                r.records().get(r.records().size() - 3).text());
        assertEquals(r.records().size(), r.summary().lines());
    }

    @Test
    void spacedCallerIdAndLevelPrefix() {
        Reads.Result r = Reads.read("<4>[ 8812.114230][    T1] WARNING: CPU: 1 PID: 1 at kernel/foo.c:12 bar+0x1/0x2\n"
                + "[    0.000000][    C0] Linux version 6.1.0\n", LogFormat.DMESG);
        assertEquals(4, r.records().get(0).level());
        assertEquals("T1", r.records().get(0).callerId());
        assertEquals(8812.11423, r.records().get(0).monoTime(), 1e-9);
        assertEquals("C0", r.records().get(1).callerId());
        assertEquals(-1, r.records().get(1).level());
    }

    @Test
    void levelGluedInsideALineSplitsIt() {
        // realworld D-3: the console showed only this line, the panic glued to the RIP line.
        String d3 = "RIP  [<ffffffff8014c562>] list_del+0x48/0x71 RSP <ffffffff80425d00> <0>Kernel Panic - not syncing: Fatal exception\n";
        Reads.Result r = Reads.read(d3, LogFormat.DMESG);
        assertEquals(List.of("RIP  [<ffffffff8014c562>] list_del+0x48/0x71 RSP <ffffffff80425d00>",
                "Kernel Panic - not syncing: Fatal exception"), r.texts());
        assertEquals(0, r.records().get(1).level());
        assertEquals(1, r.records().get(1).line(), "both pieces keep the original line number");
    }

    @Test
    void timestampGluedInsideALineStartsANewRecord() {
        // Constructed in the shape lkp-tests splits: a message cut off mid-line, the next record glued to it.
        Reads.Result r = Reads.read("[   76.470001] e1000e: eth0 NIC Link is Up 1000 Mbps Full Dup[   76.471107] BUG: unable to handle"
                + " kernel NULL pointer dereference at 0000000000000008\n", LogFormat.DMESG);
        assertEquals(List.of("e1000e: eth0 NIC Link is Up 1000 Mbps Full Dup",
                "BUG: unable to handle kernel NULL pointer dereference at 0000000000000008"), r.texts());
        assertEquals(76.471107, r.records().get(1).monoTime(), 1e-9);
        assertEquals(1, r.records().get(1).line(), "both pieces keep the original line number");
    }

    @Test
    void bracketedNumbersInsideAMessageDoNotSplitIt() {
        // Constructed: numbers in brackets that are not printk timestamps (too few digits, no space after).
        Reads.Result r = Reads.read("[   10.000001] acpi: bus [12.5] quirk [3.141592]x applied\n", LogFormat.DMESG);
        assertEquals(List.of("acpi: bus [12.5] quirk [3.141592]x applied"), r.texts());
    }

    @Test
    void consolePrefixRepeatedInsideAReportLineIsTakenOff() {
        // The shape of a netconsole/serial capture that kept the kernel's own "<4>[ secs]" inside each line
        // (constructed from the example): the frame must stay a frame.
        Reads.Result r = Reads.read("[  107.430421] <4>[  107.430421]  queued_spin_lock_slowpath+0x1c0/0x220\n", LogFormat.DMESG);
        assertEquals(List.of(" queued_spin_lock_slowpath+0x1c0/0x220"), r.texts());
        assertEquals(4, r.records().get(0).level());
    }

    @Test
    void emptyTimestampedLinesAndContinuations() {
        // realworld G-3 (arm64 soft lockup) and F-3 (ATA error with an indented continuation line)
        Reads.Result r = Reads.read("[ 1376.188273] NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]\n"
                + "[ 1376.206461]\n"
                + "[   10.854546]          res 41/40:00:00:b3:c7/00:00:47:00:00/00 Emask 0x409 (media error) <F>\n", null);
        assertEquals(LogFormat.DMESG, r.summary().format());
        assertEquals("NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]", r.texts().get(0));
        assertEquals("", r.texts().get(1));
        assertEquals(1376.206461, r.records().get(1).monoTime(), 1e-9);
        assertTrue(r.texts().get(2).startsWith("         res 41/40"));
        assertNull(r.records().get(0).callerId());
        assertFalse(Double.isNaN(r.records().get(2).monoTime()));
    }

    @Test
    void thousandsOfGluedPrefixesOnOneLine() {
        String hostile = "[    1.000000] x" + " <4>a".repeat(12_000) + "\n";
        Reads.Result r = Reads.read(hostile, LogFormat.DMESG);
        assertEquals(12_001, r.records().size());
        assertEquals("a", r.texts().get(12_000));
        assertEquals(4, r.records().get(12_000).level());
    }
}
