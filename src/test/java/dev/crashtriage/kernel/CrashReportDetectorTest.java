package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crash reports found in real logs (sources in src/test/resources/realworld and syzkaller READMEs). */
class CrashReportDetectorTest {

    private static SyzkallerLog syz(String name) throws Exception {
        try {
            return SyzkallerLog.read(Path.of(CrashReportDetectorTest.class.getResource("/syzkaller/" + name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void arm64SoftLockupWithPanic() {
        List<IncidentBuilder> found = TestLogs.crashes("/realworld/G-3.log");
        assertEquals(1, found.size(), "the panic that follows is part of the soft lockup report");
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.SOFT_LOCKUP, b.kind);
        // smp_call_function_many loops in csd_lock_wait: the stall is bucketed under smp_call_function.
        assertEquals("BUG: soft lockup in smp_call_function", b.title);
        assertEquals(22, b.facts.get("stuck_seconds"));
        assertEquals(1, b.facts.get("cpu"));
        assertEquals(1, b.facts.get("panicked"));
        assertEquals("kworker/u64:0", b.comm);
        assertEquals(6, b.pid);
        assertEquals("G            E", b.taint);
        assertEquals(1, b.line);
        assertEquals(74, b.endLine);
        assertTrue(b.frames.stream().anyMatch(f -> f.function().equals("cpuset_migrate_mm_workfn")));
        assertFalse(b.corrupted);
    }

    @Test
    void i386OopsAndACutSecondOops() {
        List<IncidentBuilder> found = TestLogs.crashes("/realworld/A-2.log");
        assertEquals(2, found.size());
        IncidentBuilder first = found.get(0);
        assertEquals(IncidentKind.OOPS, first.kind);
        assertEquals("BUG: unable to handle kernel paging request in do_page_fault", first.title);
        assertEquals(List.of("eepro100"), first.modules);
        assertTrue(first.frames.stream().anyMatch(f -> f.function().equals("dm_request") && "c031d52b".equals(f.address())));
        IncidentBuilder second = found.get(1);
        assertEquals(118, second.line);
        assertTrue(second.corrupted, "the log ends before the second oops has a stack");
    }

    @Test
    void rhel24OopsWithModuleFramesAndTrailingPanic() {
        List<IncidentBuilder> found = TestLogs.crashes("/realworld/rhel73-2.4.18-idecd-oops.log");
        assertEquals(1, found.size(), "the interrupt-handler panic belongs to the oops");
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.OOPS, b.kind);
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in cdrom_do_packet_command", b.title);
        assertEquals("swapper", b.comm);
        assertEquals(0, b.pid);
        assertEquals(0, b.cpu);
        Frame cdrom = b.frames.stream().filter(f -> f.function().equals("cdrom_pc_intr")).findFirst().orElseThrow();
        assertEquals("ide-cd", cdrom.module());
        assertEquals(36, b.endLine);
        assertFalse(b.corrupted);
    }

    @Test
    void hardLockupPanicOnArm64() {
        List<IncidentBuilder> found = TestLogs.crashes("/realworld/sc7180-5.4-hard-lockup-panic.log");
        assertEquals(1, found.size());
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.HARD_LOCKUP, b.kind);
        assertEquals(0, b.facts.get("cpu"), "the locked-up CPU, not the one that printed");
        assertEquals(7, b.cpu);
        assertEquals(1, b.facts.get("panicked"));
        // The watchdog interrupted the idle loop: the stall anchor cpu_startup_entry blames do_idle.
        assertEquals("BUG: hard lockup in do_idle", b.title);
    }

    @Test
    void rcuStallThenHardLockupAreTwoIncidents() {
        List<IncidentBuilder> found = TestLogs.crashes("/realworld/meson-6.x-rcu-stall-hard-lockup.log");
        assertEquals(2, found.size());
        IncidentBuilder stall = found.get(0);
        assertEquals(IncidentKind.RCU_STALL, stall.kind);
        assertEquals(21016L, stall.facts.get("stall_jiffies"));
        assertEquals(1, stall.facts.get("stall_cpus"));
        assertTrue(stall.corrupted, "the stalled CPU's stack holds no symbolized frame");
        IncidentBuilder lockup = found.get(1);
        assertEquals(IncidentKind.HARD_LOCKUP, lockup.kind);
        assertEquals(3, lockup.facts.get("cpu"));
        assertEquals(List.of("88x2cs", "rtc_meson_vrtc"), lockup.modules);
    }

    @Test
    void panicGluedToAnOopsLine() {
        List<IncidentBuilder> found = TestLogs.crashes("/realworld/D-3.log");
        assertEquals(1, found.size());
        assertEquals(IncidentKind.PANIC, found.get(0).kind);
        assertEquals("kernel panic: Fatal exception", found.get(0).title);
        assertTrue(found.get(0).corrupted);
        // 2.6.18 x86_64 prints "RIP  [<addr>] func" at the end of an oops.
        assertEquals("list_del", found.get(0).frames.get(0).function());
    }

    @Test
    void userSpaceLinesAreNotKernelReports() {
        // Same text as a kernel header, but logged by a user-space program through syslog.
        LogRecord user = new LogRecord("syslog", 1, "host", Double.NaN, null, 6, null, "myapp", false,
                "BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]");
        assertTrue(TestLogs.detect(new CrashReportDetector(), List.of(user)).isEmpty());
        LogRecord kernel = new LogRecord("syslog", 2, "host", Double.NaN, null, 0, null, "kernel", true, user.text());
        assertEquals(1, TestLogs.detect(new CrashReportDetector(), List.of(kernel)).size());
    }

    @Test
    void hungTaskFacts() throws Exception {
        IncidentBuilder b = syz("70.log").crashReports().get(0);
        assertEquals(IncidentKind.HUNG_TASK, b.kind);
        assertEquals("INFO: task hung in iterate_bdevs", b.title);
        assertEquals(120, b.facts.get("blocked_seconds"));
        assertEquals("syz-executor5:10045", b.facts.get("task"));
        assertEquals(10045, b.pid);
    }

    @Test
    void rcuStallFacts() throws Exception {
        IncidentBuilder b = syz("268.log").crashReports().get(0);
        assertEquals(IncidentKind.RCU_STALL, b.kind);
        assertEquals("INFO: rcu detected stall in kvm_vcpu_ioctl", b.title);
        assertEquals(10500L, b.facts.get("stall_jiffies"));
        assertEquals(1, b.facts.get("stall_cpus"));
    }

    @Test
    void callerIdsSeparateInterleavedReports() throws Exception {
        SyzkallerLog log = syz("interleaved-346.txt");
        List<IncidentBuilder> found = log.crashReports();
        assertEquals(2, found.size());
        IncidentBuilder warning = found.get(0);
        assertEquals("WARNING in xfrm_state_fini", warning.title);
        // syzkaller annotates file 346 as not corrupted: caller ids tell the two reports' lines apart.
        assertFalse(warning.corrupted, () -> warning.corruptedReason);
        for (LogRecord r : warning.lines) {
            assertTrue(r.callerId() == null || r.callerId().equals("T1194"), () -> "foreign line " + r.text());
        }
        IncidentBuilder stall = found.get(1);
        assertEquals(IncidentKind.RCU_STALL, stall.kind);
        assertTrue(stall.lines.stream().allMatch(r -> "T1234".equals(r.callerId())));
    }

    @Test
    void warningStartsAtCutHereAndEndsAtEndTrace() {
        // Lines from syzkaller file 758 (6.x WARNING format, Apache-2.0), shortened; then another task's line.
        List<LogRecord> recs = TestLogs.records("w", String.join("\n",
                "[  140.728135][ T6181] ------------[ cut here ]------------",
                "[  140.728151][ T6181] !buffer_uptodate(bh)",
                "[  140.728169][ T6181] WARNING: fs/buffer.c:1183 at mark_buffer_dirty+0x299/0x3f0, CPU#1: syz.0.52/6181",
                "[  140.728225][ T6181] Modules linked in:",
                "[  140.728306][ T6181] RIP: 0010:mark_buffer_dirty+0x299/0x3f0",
                "[  140.728499][ T6181] Call Trace:",
                "[  140.728508][ T6181]  <TASK>",
                "[  140.728526][ T6181]  bfs_get_block+0x5da/0xae0",
                "[  140.728575][ T6181]  __block_write_begin_int+0x6c6/0x1910",
                "[  140.728621][ T6181]  ? __pfx_bfs_get_block+0x10/0x10",
                "[  140.728700][ T6181]  </TASK>",
                "[  140.728800][ T6181] ---[ end trace 0000000000000000 ]---",
                "[  141.000000][ T6200] unrelated line"));
        List<IncidentBuilder> w = TestLogs.detect(new CrashReportDetector(), recs);
        assertEquals(1, w.size());
        IncidentBuilder b = w.get(0);
        assertEquals(IncidentKind.WARNING, b.kind);
        assertEquals(1, b.line, "the cut-here marker opens the report");
        assertEquals(12, b.endLine);
        // mark_buffer_dirty warns about the buffer its caller passed (!buffer_uptodate): the caller is blamed.
        assertEquals("WARNING in bfs_get_block", b.title);
        Frame q = b.frames.stream().filter(f -> f.function().equals("__pfx_bfs_get_block")).findFirst().orElseThrow();
        assertFalse(q.reliable());
        assertEquals("task", b.frames.stream().filter(f -> f.function().equals("bfs_get_block")).findFirst().orElseThrow().section());
    }

    @Test
    void theBlamedModuleAndWhetherTheModuleListMarksItOutOfTree() {
        // openzfs/zfs#805 (fault in zfs, listed as zfs(PO)) and openzfs/zfs#3640 (same taint, fault in pgd_free);
        // the samples of signatures/oot/out-of-tree-module-crash
        String inZfs = """
                [179641.758531] BUG: unable to handle kernel NULL pointer dereference at 0000000000000001
                [179641.760087] IP: [<ffffffffa01c16a1>] dbuf_find+0x81/0x100 [zfs]
                [179641.931705] PGD 0
                [179641.934865] Oops: 0000 [#1] SMP
                [179641.941154] Modules linked in: ppdev lp parport zfs(PO) zcommon(PO) znvpair(PO) zavl(PO) zunicode(PO) spl(O) zlib_deflate xfs
                [179641.941154] Pid: 14359, comm: apache2 Tainted: P           O 3.3.0owncomp #1 Bochs Bochs
                [179641.941154] RIP: 0010:[<ffffffffa01c16a1>]  [<ffffffffa01c16a1>] dbuf_find+0x81/0x100 [zfs]
                [179641.941154] RSP: 0018:ffff88093f651988  EFLAGS: 00010202
                """;
        IncidentBuilder b = TestLogs.detect(new CrashReportDetector(), TestLogs.records("t", inZfs)).get(0);
        assertEquals("zfs", b.facts.get(Facts.GUILTY_MODULE));
        assertEquals(1, b.facts.get(Facts.GUILTY_MODULE_OUT_OF_TREE));

        String inKernel = """
                [   54.789361] NULL pointer dereference at 0000000000000008
                [   54.789361] IP: [<ffffffff8106c4e9>] pgd_free+0x69/0xb0
                [   54.789361] Oops: 0002 [#6] PREEMPT SMP 
                [   54.789361] Modules linked in: loop ext4 jbd2 zfs(PO) zunicode(PO) zcommon(PO) znvpair(PO) spl(O) zavl(PO) virtio
                [   54.789361] CPU: 1 PID: 641 Comm: systemd-udevd Tainted: P      D    O    4.1.2-2-ARCH #1
                [   54.789361] RIP: 0010:[<ffffffff8106c4e9>]  [<ffffffff8106c4e9>] pgd_free+0x69/0xb0
                [   54.789361] RSP: 0018:ffff8800720afb90  EFLAGS: 00010286
                """;
        b = TestLogs.detect(new CrashReportDetector(), TestLogs.records("t", inKernel)).get(0);
        assertFalse(b.facts.has(Facts.GUILTY_MODULE), "the fault is in the core kernel");
        assertFalse(b.facts.has(Facts.GUILTY_MODULE_OUT_OF_TREE));
    }
}
