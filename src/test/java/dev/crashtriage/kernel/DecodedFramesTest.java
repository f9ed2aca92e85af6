package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stack lines decoded by scripts/decode_stacktrace.sh ({@code func (file:line ...)}, {@code ? func (file:line)}, optional
 * {@code [inline]}) read as frames on stack lines, register lines and lockdep's {@code at:} lines.
 */
class DecodedFramesTest {

    private static Frame one(String line) {
        return FrameParser.parseOne(line, "task");
    }

    private static List<Incident> incidentsOf(String log) {
        return TestLogs.incidentsOf(log);
    }

    @Test
    void decodedStackLinesAreFramesWithTheFunctionsOwnLocation() {
        // Real lines: the netdev CI's decoded crash log,
        // https://netdev-3.bots.linux.dev/vmksft-tcp-ao-dbg/results/149561/vm-crash-thr0-10 (timestamps removed).
        Frame f = one(" dump_stack_lvl (lib/dump_stack.c:123)");
        assertEquals("dump_stack_lvl", f.function());
        assertEquals("lib/dump_stack.c:123", f.file());
        assertTrue(f.reliable());
        assertFalse(f.inline());
        Frame q = one(" ? save_trace (kernel/locking/lockdep.c:595)");
        assertEquals("save_trace", q.function());
        assertFalse(q.reliable(), "a '?' frame is a stale stack word");
        Frame several = one(" lock_acquire.part.0 (kernel/locking/lockdep.c:473 kernel/locking/lockdep.c:5873)");
        assertEquals("lock_acquire.part.0", several.function());
        assertEquals("kernel/locking/lockdep.c:5873", several.file(), "inlined locations first, the function's own line last");
        Frame header = one(" _raw_spin_lock (./include/linux/spinlock_api_smp.h:134 kernel/locking/spinlock.c:154)");
        assertEquals("kernel/locking/spinlock.c:154", header.file());
        // Real line: multipath-tcp/mptcp_net-next#278 (addr2line's discriminator inside the parentheses).
        Frame disc = one("[3804.334042][T18442] sk_stream_wait_memory (net/core/stream.c:145 (discriminator 13)) ".substring(21));
        assertEquals("sk_stream_wait_memory", disc.function());
        assertEquals("net/core/stream.c:145", disc.file());
        // A build tree's absolute prefix is cut at its "/./" (mptcp_net-next#355 prints them so).
        Frame abs = one("inet_csk_reqsk_queue_add (/home/u/builder/linux/./net/ipv4/inet_connection_sock.c:1302)");
        assertEquals("net/ipv4/inet_connection_sock.c:1302", abs.file());
        Frame inl = one(" lock_sock (include/net/sock.h:1697) [inline]");
        assertEquals("lock_sock", inl.function());
        assertTrue(inl.inline());
    }

    @Test
    void parenthesesWithoutASourceLocationAreNoFrame() {
        assertNull(one("Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014"));
        assertNull(one("Linux version 6.8.0 (builder@host) (gcc (GCC) 13.2.0, GNU ld 2.41)"));
        assertNull(one("mptcp_connect (pid 1234) exited"));
        assertNull(one("systemd[1]: Started foo.service (foo daemon)."));
    }

    @Test
    void decodedLockdepAtLinesNameTheAcquisition() {
        // Constructed: a circular-dependency report in decode_stacktrace.sh's form, the lock lines shaped as the netdev
        // CI's decoded "at: bprm_execve (fs/exec.c:1409 fs/exec.c:1782)" (source above), the chain from the kernel's
        // print_circular_bug() layout.
        String log = String.join("\n",
                "[  101.000001] ======================================================",
                "[  101.000002] WARNING: possible circular locking dependency detected",
                "[  101.000003] 6.8.0-rc1 #1 Not tainted",
                "[  101.000004] ------------------------------------------------------",
                "[  101.000005] kworker/1:2/812 is trying to acquire lock:",
                "[  101.000006] ffff888005e5c130 (slock-AF_INET){+.-.}-{2:2}, at: tcp_abort_pending (./include/net/sock.h:1717 net/ipv4/tcp_extra.c:441)",
                "[  101.000007] ",
                "[  101.000007] but task is already holding lock:",
                "[  101.000008] ffff8880062ecac8 (&queue->rskq_lock){+.-.}-{2:2}, at: inet_csk_reqsk_queue_add (net/ipv4/inet_connection_sock.c:1302)",
                "[  101.000009] ",
                "[  101.000009] which lock already depends on the new lock.",
                "[  101.000010] ",
                "[  101.000010] the existing dependency chain (in reverse order) is:",
                "[  101.000011] ",
                "[  101.000011] -> #1 (&queue->rskq_lock){+.-.}-{2:2}:",
                "[  101.000012]        _raw_spin_lock (./include/linux/spinlock_api_smp.h:134 kernel/locking/spinlock.c:154)",
                "[  101.000013]        inet_csk_complete_hashdance (net/ipv4/inet_connection_sock.c:1354)",
                "[  101.000014]        tcp_check_req (net/ipv4/tcp_minisocks.c:824)",
                "[  101.000015] ",
                "[  101.000015] -> #0 (slock-AF_INET){+.-.}-{2:2}:",
                "[  101.000016]        __lock_acquire (kernel/locking/lockdep.c:5194)",
                "[  101.000017]        lock_acquire (kernel/locking/lockdep.c:5834)",
                "[  101.000018]        _raw_spin_lock (kernel/locking/spinlock.c:154)",
                "[  101.000019]        tcp_abort_pending (net/ipv4/tcp_extra.c:441)",
                "[  101.000020] ",
                "[  101.000020] other info that might help us debug this:",
                "[  101.000021] ",
                "[  101.000022] stack backtrace:",
                "[  101.000023] Call Trace:",
                "[  101.000024]  <TASK>",
                "[  101.000025]  dump_stack_lvl (lib/dump_stack.c:123)",
                "[  101.000026]  check_noncircular (kernel/locking/lockdep.c:2187)",
                "[  101.000027]  __lock_acquire (kernel/locking/lockdep.c:5194)",
                "[  101.000028]  lock_acquire (kernel/locking/lockdep.c:5834)",
                "[  101.000029]  _raw_spin_lock (kernel/locking/spinlock.c:154)",
                "[  101.000030]  tcp_abort_pending (net/ipv4/tcp_extra.c:441)",
                "[  101.000031]  </TASK>",
                "");
        List<Incident> found = incidentsOf(log);
        assertEquals(1, found.size());
        assertEquals("possible deadlock in tcp_abort_pending", found.get(0).title());
    }

    @Test
    void anInlineAtLineOfASymbolizedReportIsStillPassedOver() {
        // Constructed in syzbot's symbolized form: the first "at:" names an [inline] wrapper, the next the real
        // function; syzkaller's convention takes the line with an offset, and the decoded form must not change that.
        String log = String.join("\n",
                "[   50.000001] ======================================================",
                "[   50.000002] WARNING: possible circular locking dependency detected",
                "[   50.000003] 6.8.0-syzkaller #0 Not tainted",
                "[   50.000004] ------------------------------------------------------",
                "[   50.000005] syz-executor.0/5090 is trying to acquire lock:",
                "[   50.000006] ffff88807b8e1130 (sk_lock-AF_INET){+.+.}-{0:0}, at: lock_sock include/net/sock.h:1697 [inline]",
                "[   50.000007] ffff88807b8e1130 (sk_lock-AF_INET){+.+.}-{0:0}, at: tcp_abort_pending+0x12f/0x1c40 net/ipv4/tcp_extra.c:441",
                "[   50.000008] ",
                "[   50.000008] but task is already holding lock:",
                "[   50.000009] ffff8880062ecac8 (&queue->rskq_lock){+.-.}-{2:2}, at: inet_csk_reqsk_queue_add+0x4a/0x200 net/ipv4/inet_connection_sock.c:1302",
                "[   50.000010] ",
                "[   50.000010] which lock already depends on the new lock.",
                "[   50.000011] ",
                "[   50.000012] stack backtrace:",
                "[   50.000013] Call Trace:",
                "[   50.000014]  <TASK>",
                "[   50.000015]  dump_stack_lvl+0x189/0x250 lib/dump_stack.c:123",
                "[   50.000016]  tcp_abort_pending+0x12f/0x1c40 net/ipv4/tcp_extra.c:441",
                "[   50.000017]  </TASK>",
                "");
        List<Incident> found = incidentsOf(log);
        assertEquals(1, found.size());
        assertEquals("possible deadlock in tcp_abort_pending", found.get(0).title());
    }

    @Test
    void aDecodedRegisterLineNamesTheFaultingFunction() {
        // Constructed: a general protection fault in decode_stacktrace.sh's form (RIP and frames decoded as in the
        // netdev CI log above).
        String log = String.join("\n",
                "[   20.100001] general protection fault, probably for non-canonical address 0xdffffc0000000003: 0000 [#1] PREEMPT SMP KASAN NOPTI",
                "[   20.100002] CPU: 1 PID: 812 Comm: mptcp_connect Not tainted 6.8.0-rc1 #1",
                "[   20.100003] Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.3-debian-1.16.3-2 04/01/2014",
                "[   20.100004] RIP: 0010:tcp_abort_pending (net/ipv4/tcp_extra.c:441)",
                "[   20.100005] Code: 48 89 fa 48 c1 ea 03 <80> 3c 02 00 0f 85 aa 00 00 00",
                "[   20.100006] RSP: 0018:ffffc90000ef7b48 EFLAGS: 00010206",
                "[   20.100007] Call Trace:",
                "[   20.100008]  <TASK>",
                "[   20.100009]  ? die_addr (arch/x86/kernel/dumpstack.c:421 arch/x86/kernel/dumpstack.c:460)",
                "[   20.100010]  ? exc_general_protection (arch/x86/kernel/traps.c:697)",
                "[   20.100011]  tcp_v4_rcv (net/ipv4/tcp_ipv4.c:2140)",
                "[   20.100012]  </TASK>",
                "");
        List<Incident> found = incidentsOf(log);
        assertEquals(1, found.size());
        assertEquals("general protection fault in tcp_abort_pending", found.get(0).title());
    }

    @Test
    void aDecodedFrameInLibraryCodeIsPassedOverByItsPath() {
        // Constructed: a WARNING whose decoded stack starts in lib/ (the defining path is the last location, so
        // "(./include/... lib/...)" counts as lib/ code) before the caller that is to blame; the trailing blank after
        // the ')' is how mptcp_net-next#278's decoded lines were captured.
        String log = String.join("\n",
                "[   30.000001] ------------[ cut here ]------------",
                "[   30.000002] WARNING: CPU: 0 PID: 77 at lib/refcount_x.c:28 refcount_x_warn_saturate (lib/refcount_x.c:28)",
                "[   30.000003] Modules linked in:",
                "[   30.000004] CPU: 0 PID: 77 Comm: kworker/0:1 Not tainted 6.8.0 #1",
                "[   30.000005] RIP: 0010:refcount_x_warn_saturate (lib/refcount_x.c:28)",
                "[   30.000006] Call Trace:",
                "[   30.000007]  <TASK>",
                "[   30.000008]  ? __warn (kernel/panic.c:694)",
                "[   30.000009]  refcount_x_warn_saturate (./include/linux/refcount.h:300 lib/refcount_x.c:28) ",
                "[   30.000010]  sock_put_pending (net/core/sock_pending.c:88) ",
                "[   30.000011]  process_one_work (kernel/workqueue.c:2633)",
                "[   30.000012]  </TASK>",
                "[   30.000013] ---[ end trace 0000000000000000 ]---",
                "");
        List<Incident> found = incidentsOf(log);
        assertEquals(1, found.size());
        assertEquals("WARNING in sock_put_pending", found.get(0).title());
    }
}
