package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports of older eras and other architectures, read with their guilty frame: the 2.6-3.x
 * "WARNING: at" header, s390 PSW and Call Trace, ppc64 NIP/LR with "(unreliable)" frames, RHEL5
 * ":module:function" frames, SLUB debug reports; and user-space faults that are no kernel crash.
 * Sources are named in src/test/resources/kernel-reports/README.md and at the top of each file.
 */
class EraAndArchReportsTest {

    private static List<IncidentBuilder> crashes(String name) {
        return TestLogs.crashesInReport(name);
    }

    @Test
    void oldWarningAtHeaderIsAWarningTitledByItsFunction() {
        List<IncidentBuilder> found = crashes("warning-at-debian-3.2.log");
        assertEquals(1, found.size());
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.WARNING, b.kind);
        // Every frame of this stack is printed with "?" (unreliable): the header's own function is the title.
        assertEquals("WARNING in d_set_d_op", b.title);
        assertFalse(b.corrupted, () -> b.corruptedReason);
    }

    @Test
    void modernWarningHeaderIsNotReadAsTheOldOne() {
        // Real header from aabc/ipt-ratelimit issue #3 (Ubuntu 3.13): "WARNING: CPU: n PID: n at" is the 3.10+ form.
        List<LogRecord> r = TestLogs.records("w", String.join("\n",
                "[14460566.483670] ------------[ cut here ]------------",
                "[14460566.483674] WARNING: CPU: 3 PID: 7855 at /build/buildd/linux-3.13.0/kernel/softirq.c:156 local_bh_enable_ip+0x6a/0x90()",
                "[14460566.483700] Call Trace:",
                "[14460566.483710]  [<ffffffff81720f3e>] dump_stack+0x45/0x56",
                "[14460566.483720]  [<ffffffff8106a0cd>] warn_slowpath_common+0x7d/0xa0",
                "[14460566.483730]  [<ffffffff8106a1aa>] warn_slowpath_null+0x1a/0x20",
                "[14460566.483740]  [<ffffffff8106f7ba>] local_bh_enable_ip+0x6a/0x90",
                "[14460566.483750]  [<ffffffffa04a1c2e>] ratelimit_proc_write+0x833/0x8a0 [xt_ratelimit]",
                "[14460566.483760] ---[ end trace 1 ]---"));
        IncidentBuilder b = TestLogs.detect(new CrashReportDetector(), r).get(0);
        assertEquals("WARNING in ratelimit_proc_write", b.title, "local_bh_enable_ip is locking infrastructure");
    }

    @Test
    void s390ReportBlamesTheFirstFrameOutsideTheFormattingLibrary() {
        List<IncidentBuilder> found = crashes("s390-oops.log");
        assertEquals(1, found.size());
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.OOPS, b.kind);
        // The PSW names number() in lib/vsprintf.c; the parenthesised frame vsnprintf and snprintf are the same library.
        assertEquals("BUG: unable to handle kernel paging request in trace_event_eval_update", b.title);
        assertTrue(b.frames.stream().anyMatch(f -> f.function().equals("vsnprintf")), "the ([<..>] func) frame is read");
        assertEquals(32, b.pid);
    }

    @Test
    void ppc64ReportTakesNipAndSkipsUnreliableFrames() {
        List<IncidentBuilder> found = crashes("ppc64-oops.log");
        assertEquals(1, found.size(), "the Oops line continues the paging-request report");
        IncidentBuilder b = found.get(0);
        assertEquals("BUG: unable to handle kernel paging request in dbs_update_util_handler", b.title);
        Frame unreliable = b.frames.stream().filter(f -> f.function().startsWith("propagate_entity_cfs_rq") && !"registers".equals(f.section()))
                .findFirst().orElseThrow();
        assertFalse(unreliable.reliable());
    }

    @Test
    void rhel5ModuleFramesNameTheModuleAndTheFunction() {
        List<IncidentBuilder> found = crashes("rhel5-mptscsih.log");
        assertEquals(1, found.size());
        IncidentBuilder b = found.get(0);
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in mptscsih_io_done", b.title);
        Frame f = b.frames.stream().filter(x -> x.function().equals("mptscsih_io_done")).findFirst().orElseThrow();
        assertEquals("mptscsih", f.module());
        Frame irq = b.frames.stream().filter(x -> x.function().equals("mpt_interrupt")).findFirst().orElseThrow();
        assertEquals("mptbase", irq.module());
    }

    @Test
    void rhel5FrameFormatDoesNotSwallowOrdinaryFrames() {
        Frame f = FrameParser.parseOne(" [<ffffffff8001081d>] handle_IRQ_event+0x51/0xa6", null);
        assertEquals("handle_IRQ_event", f.function());
        assertEquals(null, f.module());
    }

    @Test
    void slubDebugReportIsTitledByItsBugLine() {
        List<IncidentBuilder> found = crashes("slub-poison.log");
        assertEquals(1, found.size(), "the INFO: lines are details of the BUG line, not reports of their own");
        assertEquals("BUG: Poison overwritten", found.get(0).title);
    }

    @Test
    void userSpaceFaultsAreNotKernelCrashes() {
        assertTrue(crashes("user-space-faults.log").isEmpty());
        assertTrue(CrashReportDetector.isUserSpaceFault(
                "traps: python3[21893] general protection fault ip:7f2a1b34c6d5 sp:7ffd3e0a8b10 error:0 in libc-2.31.so[7f2a1b2e6000+178000]"));
    }

    @Test
    void kernelGeneralProtectionFaultIsStillACrash() {
        // syzkaller file 2's header shape (Apache-2.0): the kernel's own GPF is not a user-space fault.
        assertFalse(CrashReportDetector.isUserSpaceFault("general protection fault: 0000 [#1] SMP KASAN"));
    }

    @Test
    void bracketedLockdepBannerIsAPossibleDeadlock() {
        List<IncidentBuilder> found = crashes("lockdep-bracketed-2.6.log");
        assertEquals(1, found.size());
        assertEquals(IncidentKind.LOCKDEP, found.get(0).kind);
        assertEquals("possible deadlock in acpi_os_acquire_lock", found.get(0).title);
    }

    @Test
    void bracketedSuspiciousRcuBanner() {
        List<IncidentBuilder> found = crashes("rcu-dereference-3.x.log");
        assertEquals(1, found.size());
        assertEquals("INFO: suspicious RCU usage in fib6_del", found.get(0).title);
    }
}
