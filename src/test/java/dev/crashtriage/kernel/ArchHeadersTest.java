package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Oops headers of arm, mips and riscv, x86 die() headers and lock-debugging headers carrying CPU and
 * task details: each detected, titled without its volatile details, with the guilty frame read from
 * that architecture's register line or call trace. Sources: src/test/resources/kernel-reports/README.md.
 */
class ArchHeadersTest {

    private static List<IncidentBuilder> crashes(String name) {
        return TestLogs.crashesInReport(name);
    }

    @Test
    void arm32NullDereferenceBlamesPcIsAt() {
        List<IncidentBuilder> found = crashes("arm32-null-deref.log");
        assertEquals(1, found.size(), "the Internal error line belongs to the same report");
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in bcm2835_sdhost_dma_complete", found.get(0).title);
    }

    @Test
    void mipsHeaderAfterCpuNumberAndEpcLine() {
        List<IncidentBuilder> found = crashes("mips-paging-request.log");
        assertEquals(1, found.size(), "Oops[#1]: continues the fault header");
        assertEquals("BUG: unable to handle kernel paging request in br_multicast_rcv", found.get(0).title);
        assertEquals(IncidentKind.OOPS, found.get(0).kind);
        assertFalse(found.get(0).corrupted, () -> found.get(0).corruptedReason);
    }

    @Test
    void realMipsOopsFromOpenWrtReadsEpc() {
        // Real capture beside the constructed one: OpenWrt 3.18 on a MIPS 24KEc, cut after its register dump.
        List<IncidentBuilder> found = crashes("mips-openwrt-3.18-paging-request.log");
        assertEquals(1, found.size(), "Oops[#2]: continues the fault header; the end marker of the oops before is no report");
        assertEquals("BUG: unable to handle kernel paging request in kthread_data", found.get(0).title);
        assertEquals(IncidentKind.OOPS, found.get(0).kind);
    }

    @Test
    void riscvOopsReadsEpc() {
        List<IncidentBuilder> found = crashes("riscv-paging-request.log");
        assertEquals(1, found.size(), "Oops [#1] continues the fault header");
        assertEquals("BUG: unable to handle kernel paging request in dw_mci_request_end", found.get(0).title);
    }

    @Test
    void x86DieHeaderAndRwlockDebugHeader() {
        List<IncidentBuilder> found = crashes("x86-die-headers.log");
        assertEquals(2, found.size());
        assertEquals("int3 in bpf_prog_3b1d2a8f1c4e1b2a", found.get(0).title);
        // CPU, task and lock address stay out of the title; the locking helpers are not the culprit.
        assertEquals("BUG: rwlock bad magic in foo_lookup", found.get(1).title);
    }

    @Test
    void dieLineAfterAHeaderIsNoNewReport() {
        // Constructed after the x86 order: the header, then die()'s line "stack guard page: 0000 [#1]" (traps.c).
        List<LogRecord> r = TestLogs.records("t", String.join("\n",
                "[  237.067842] BUG: TASK stack guard page was hit at ffffc900054afff8 (stack is ffffc900054b0000..ffffc900054b8000)",
                "[  237.067871] stack guard page: 0000 [#1] PREEMPT SMP KASAN",
                "[  237.067925] RIP: 0010:tls_setsockopt+0x17/0x70",
                "[  237.067930] Call Trace:",
                "[  237.067931]  __sys_setsockopt+0x1/0x2"));
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), r);
        assertEquals(1, found.size());
        assertEquals("BUG: stack guard page was hit in tls_setsockopt", found.get(0).title);
    }

    @Test
    void aWordBeforeTheCpuNumberIsNoKernelPrefix() {
        // Constructed: a user-space tool's line that quotes the mips header after its own words.
        List<LogRecord> r = TestLogs.records("t",
                "[   13.000000] crashcheck: last boot said CPU 0 Unable to handle kernel paging request at virtual address 00000004");
        assertEquals(0, TestLogs.detect(new CrashReportDetector(), r).size());
    }

    @Test
    void s390StackOverflowIsReadFromThePsw() {
        // Constructed in the format of arch/s390/kernel/traps.c kernel_stack_overflow() ("Kernel stack overflow.", show_regs(),
        // panic("Corrupt kernel stack, can't continue.")) with a PSW line as s390 prints it.
        List<LogRecord> r = TestLogs.records("t", String.join("\n",
                "[  120.000000] Kernel stack overflow.",
                "[  120.000001] CPU: 1 PID: 4242 Comm: stress Not tainted 5.14.0 #1",
                "[  120.000002] Krnl PSW : 0404c00180000000 000000000012345e (ext4_xattr_get+0x2e/0x80)",
                "[  120.000003] Kernel panic - not syncing: Corrupt kernel stack, can't continue."));
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), r);
        assertEquals(1, found.size(), "the panic line belongs to the report");
        assertEquals(IncidentKind.STACK_OVERFLOW, found.get(0).kind);
        assertEquals("kernel stack overflow in ext4_xattr_get", found.get(0).title);
    }

    @Test
    void lockdepNestedLockWarningNamesTheAcquisition() {
        // A 6.12 report from suspending a Xen VM, as quoted on the kernel mailing list (trimmed after "stack backtrace:").
        List<LogRecord> r = TestLogs.records("t", String.join("\n",
                "[ 3680.685265] ==================================",
                "[ 3680.685269] WARNING: Nested lock was not taken",
                "[ 3680.685274] 6.12.0+ #16 Tainted: G        W",
                "[ 3680.685279] ----------------------------------",
                "[ 3680.685283] migration/0/19 is trying to lock:",
                "[ 3680.685288] ffff88800bac33c0 (ptlock_ptr(ptdesc)#2){+.+.}-{3:3}, at: xen_pin_page+0x175/0x1d0",
                "[ 3680.685303]",
                "[ 3680.685303] but this task is not holding:",
                "[ 3680.685308] init_mm.page_table_lock",
                "[ 3680.685311]",
                "[ 3680.685311] stack backtrace:"));
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), r);
        assertEquals(1, found.size());
        assertEquals(IncidentKind.LOCKDEP, found.get(0).kind);
        assertEquals("WARNING: nested lock was not taken in xen_pin_page", found.get(0).title);
    }
}
