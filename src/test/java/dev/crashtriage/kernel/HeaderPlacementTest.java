package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report header counts only where the kernel prints one: at the start of a record, after a pr_fmt tag,
 * in an old lockdep bracket, or glued to a message that lost its newline. Quoted headers are no reports.
 */
class HeaderPlacementTest {

    private static List<IncidentBuilder> crashes(String... lines) {
        List<LogRecord> r = TestLogs.records("t", String.join("\n", lines));
        return TestLogs.detect(new CrashReportDetector(), r);
    }

    @Test
    void headersAfterTheKernelsOwnPrefixesAreReports() {
        // syzkaller corpus file 224 (shared corpus): a kasan message that lost its newline, then the GPF header.
        assertTrue(HeaderPlacement.atReportStart(
                "kasan: GPF could be caused by NULL-ptr deref or user memory accessgeneral protection fault: 0000 [#1] PREEMPT SMP KASAN",
                "kasan: GPF could be caused by NULL-ptr deref or user memory access".length()));
        // pr_fmt tags of kernel/rcu/tree_stall.h ("rcu: ") and kernel/watchdog.c ("watchdog: ", "NMI watchdog: ").
        String rcu = "rcu: \tINFO: rcu_sched self-detected stall on CPU";
        assertTrue(HeaderPlacement.atReportStart(rcu, rcu.indexOf("INFO:")));
        String nmi = "NMI watchdog: BUG: soft lockup - CPU#1 stuck for 123s! [syz-executor4:6578]";
        assertTrue(HeaderPlacement.atReportStart(nmi, nmi.indexOf("BUG:")));
        // lockdep's 2.6-era banner, kernel/lockdep.c: "[ INFO: possible circular locking dependency detected ]".
        String banner = "[ INFO: possible circular locking dependency detected ]";
        assertTrue(HeaderPlacement.atReportStart(banner, 2));
    }

    @Test
    void logPrefixesTheInputLayerLeftAreNoQuote() {
        // signatures/sched/hard-lockup/positive-2.log (Intel DRM CI, 6.17): kernel/watchdog.c's pr_fmt tag then "CPU3: ".
        String hard = "watchdog: CPU3: Watchdog detected hard LOCKUP on cpu 3";
        assertTrue(HeaderPlacement.atReportStart(hard, hard.indexOf("Watchdog")));
        // signatures/net/nic-hardware-failure/positive-2.log (Debian 6.5): a dmesg -T stamp with a German weekday.
        String warn = "[So Feb 25 13:36:36 2024] WARNING: CPU: 20 PID: 1152218 at drivers/net/ethernet/intel/igc/igc_main.c:6583 igc_rd32+0x8d/0xa0 [igc]";
        assertTrue(HeaderPlacement.atReportStart(warn, warn.indexOf("WARNING")));
        String syslog = "Feb 25 13:36:36 host kernel: BUG: unable to handle page fault for address: 0000000000001234";
        assertTrue(HeaderPlacement.atReportStart(syslog, syslog.indexOf("BUG")));
        String echoed = "Feb 25 13:36:36 host ci-runner[812]: grep -c 'BUG: unable to handle' dmesg.txt";
        org.junit.jupiter.api.Assertions.assertFalse(HeaderPlacement.atReportStart(echoed, echoed.indexOf("BUG")));
    }

    @Test
    void quotedHeadersAreNotReports() {
        // Constructed from common shapes: a shell trace, a harness echoing what it greps for, a kselftest line.
        List<IncidentBuilder> found = crashes(
                "[   12.000000] + grep -q 'BUG: KASAN: use-after-free in' /tmp/dmesg.txt",
                "[   12.100000] run-tests: checking dmesg for \"general protection fault:\" ... none",
                "[   12.200000] # selftests: kvm: BUG: unable to handle kernel NULL pointer dereference expected, got none",
                "[   12.300000] sh -c echo WARNING: CPU: 0 PID: 1 at fs/foo.c:1 foo+0x1/0x2 > /dev/kmsg",
                "[   12.400000] Testing list_add corruption detection: see lkdtm output");
        assertEquals(List.of(), found.stream().map(b -> b.title).toList());
    }

    @Test
    void lockdepSelftestSummaryIsNoReport() {
        // Constructed in the layout lib/locking-selftest.c prints at boot (dotest() rows, then the summary).
        List<IncidentBuilder> found = crashes(
                "[    0.000000] | Locking API testsuite:",
                "[    0.000000]                      A-A deadlock:  ok  |  ok  |  ok  |  ok  |  ok  |  ok  |",
                "[    0.000000]                  A-B-B-A deadlock:  ok  |  ok  |  ok  |  ok  |  ok  |  ok  |",
                "[    0.000000]       hard-irq read-recursion/123:  ok  |",
                "[    0.000000] -------------------------------------------------------",
                "[    0.000000] Good, all 261 testcases passed! |",
                "[    0.000000] ---------------------------------");
        assertEquals(0, found.size());
    }

    @Test
    void segmentRelatedGpfIsTheWholeHeader() {
        // syzkaller corpus file 452 (shared corpus); the wording is arch/x86/kernel/traps.c's.
        List<IncidentBuilder> found = crashes(
                "[   37.352047] segment-related general protection fault: beec [#2] PREEMPT SMP KASAN PTI",
                "[   37.354009] CPU: 0 PID: 1858 Comm: ioctl Tainted: G      D           5.4.0-rc7+ #567",
                "[   37.358038] RIP: 0010:deliberately_dereference_bad_address+0x1b/0x60",
                "[   37.360000] Call Trace:",
                "[   37.360001]  do_vfs_ioctl+0x1a/0x20",
                "[   37.360002]  ksys_ioctl+0x1a/0x20");
        assertEquals("general protection fault in deliberately_dereference_bad_address", found.get(0).title);
    }
}
