package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per era of stack-frame syntax, on lines taken from real logs (the source is named
 * above each line: the shared realworld/syzkaller corpora or public mailing-list posts).
 */
class FrameParserTest {

    private static Frame one(String line) {
        Frame f = FrameParser.parseOne(line, null);
        if (f == null) {
            throw new AssertionError("no frame in: " + line);
        }
        return f;
    }

    @Test
    void i386_26_frameWithAddress() {
        // realworld A-2 (LKML, 2.6.7 i386 oops)
        Frame f = one(" [<c031d52b>] dm_request+0x28/0xcd");
        assertEquals("dm_request", f.function());
        assertEquals("0x28", f.offset());
        assertEquals("0xcd", f.size());
        assertEquals("c031d52b", f.address());
        assertNull(f.module());
        assertTrue(f.reliable());
    }

    @Test
    void x86_64_26_unreliableFrameWithModule() {
        // LKML ext4 report (2.6.3x): "?" marks a frame the unwinder is not sure of
        Frame f = one(" [<ffffffffa01aa393>] ? jbd2_journal_start+0x13/0x20 [jbd2]");
        assertEquals("jbd2_journal_start", f.function());
        assertEquals("jbd2", f.module());
        assertFalse(f.reliable());
        assertEquals("ffffffffa01aa393", f.address());
    }

    @Test
    void rhel3_moduleAndOffsetAfterName() {
        // Red Hat Enterprise Linux 3 (2.4.21) oops posted to a mailing list
        Frame f = one("[<c0119048>] schedule [kernel] 0x348");
        assertEquals("schedule", f.function());
        assertEquals("0x348", f.offset());
        assertNull(f.module(), "[kernel] is the core kernel");
        Frame m = one("[<f88427d6>] kjournald [jbd] 0x136");
        assertEquals("kjournald", m.function());
        assertEquals("jbd", m.module());
        Frame withStack = one("[<c0115ef9>] schedule [kernel] 0x169 (0xc691bf60))");
        assertEquals("schedule", withStack.function());
    }

    @Test
    void kallsyms24_severalFramesOnOneLine() {
        // realworld C-1 (LKML, 2.4.21 SysRq-T)
        List<Frame> frames = FrameParser.parse(
                "Call Trace:    [start_request+409/544] [__down+105/192] [__down_failed+8/12] [.text.lock.checkpoint+15/173]"
                        + " [start_this_handle+191/864]", null);
        assertEquals(List.of("start_request", "__down", "__down_failed", ".text.lock.checkpoint", "start_this_handle"),
                frames.stream().map(Frame::function).toList());
        assertEquals("105", frames.get(1).offset());
        assertEquals("192", frames.get(1).size());
    }

    @Test
    void modernFrameWithSourceAndInline() {
        // syzkaller report 752 (kmemleak backtrace, symbolized)
        Frame f = one("    __kmalloc_cache_noprof+0x42f/0x5e0 mm/slub.c:5719");
        assertEquals("__kmalloc_cache_noprof", f.function());
        assertEquals("mm/slub.c:5719", f.file());
        assertFalse(f.inline());
        Frame inl = one("    lookup_or_create_module_kobject kernel/params.c:774 [inline]");
        assertEquals("lookup_or_create_module_kobject", inl.function());
        assertTrue(inl.inline());
        assertEquals("kernel/params.c:774", inl.file());
    }

    @Test
    void modernQuestionableFrame() {
        // syzkaller report 704
        Frame f = one(" ? xas_start+0x1ef/0x7b0");
        assertEquals("xas_start", f.function());
        assertFalse(f.reliable());
    }

    @Test
    void sectionMarkers() {
        assertEquals("irq", FrameParser.sectionMarker(" <IRQ>"));
        assertEquals("task", FrameParser.sectionMarker(" <TASK>"));
        assertEquals("nmi", FrameParser.sectionMarker(" <NMI>"));
        assertEquals("", FrameParser.sectionMarker(" </IRQ>"));
        assertEquals("", FrameParser.sectionMarker(" <EOI>"));
        assertNull(FrameParser.sectionMarker(" dump_stack+0x1e7/0x2d0"));
    }

    @Test
    void registerLinesOfEveryArch() {
        // syzkaller 758 (x86_64 6.x), 0 (x86_64 4.8 with addresses), realworld A-2 (i386), G-3 (arm64 4.1)
        assertEquals("mark_buffer_dirty", one("RIP: 0010:mark_buffer_dirty+0x299/0x3f0").function());
        assertEquals("__memset", one("RIP: 0010:[<ffffffff82d4e304>]  [<ffffffff82d4e304>] __memset+0x24/0x30").function());
        assertEquals("__memset", one("IP: [<ffffffff82d4e304>] __memset+0x24/0x30").function());
        Frame eip = one("EIP is at do_page_fault+0x51/0x583");
        assertEquals("do_page_fault", eip.function());
        assertEquals("registers", eip.section());
        assertEquals("smp_call_function_many", one("PC is at smp_call_function_many+0x29c/0x308").function());
        // syzkaller 536 (arm64 6.x)
        assertEquals("selinux_socket_sendmsg", one("pc : selinux_socket_sendmsg+0x28/0x58").function());
        assertEquals("selinux_socket_sendmsg", one("lr : selinux_socket_sendmsg+0x18/0x58").function());
    }

    @Test
    void armFromFrames() {
        // syzkaller 546 (arm 5.10)
        Frame f = one("[<80de7abc>] (dump_stack) from [<801bba34>] (__lock_acquire+0x840/0x30e0)");
        assertEquals("dump_stack", f.function());
        assertNull(f.offset());
        Frame g = one("[<801bec94>] (lock_acquire.part.0) from [<801bf1b0>] (lock_acquire+0x68/0x74)");
        assertEquals("lock_acquire.part.0", g.function());
        assertEquals("lock_acquire", FrameParser.baseName(g.function()));
    }

    @Test
    void powerpcUnreliableFrames() {
        // syzkaller powerpc reports
        Frame f = one("[c00000003ae5b800] [c00000000135c19c] dump_stack+0x128/0x1cc (unreliable)");
        assertEquals("dump_stack", f.function());
        assertFalse(f.reliable());
        assertTrue(FrameParser.parse("[c00000003ae5bdc0] [0000000000000000]           (null) (unreliable)", null).isEmpty());
    }

    @Test
    void s390Psw() {
        // linux-s390 list_del report (6.18-rc3), posted to a public list
        Frame f = one("Krnl PSW : 0704c00180000000 0000015710cda7fe (__list_del_entry_valid_or_report+0xfe/0x128)");
        assertEquals("__list_del_entry_valid_or_report", f.function());
        assertEquals("0x128", f.size());
        Frame m = one("Krnl PSW : 0704e00180000000 000003ff804bfc66 (kvm_s390_gisa_destroy+0x3e/0xe0 [kvm])");
        assertEquals("kvm", m.module());
    }

    @Test
    void baseNameDropsCompilerSuffixes() {
        assertEquals("tick_sched_handle", FrameParser.baseName("tick_sched_handle.isra.16"));
        assertEquals("nmi_cpu_backtrace", FrameParser.baseName("nmi_cpu_backtrace.cold.3"));
        assertEquals(".text.lock.namei", FrameParser.baseName(".text.lock.namei"));
    }

    @Test
    void nonFrameLinesGiveNothing() {
        assertTrue(FrameParser.parse("Modules linked in: eepro100", null).isEmpty());
        assertTrue(FrameParser.parse("RAX: ffffffffffffffda RBX: 0000000000000065 RCX: 0000000000455777", null).isEmpty());
        assertTrue(FrameParser.parse("CPU: 1 PID: 4588 Comm: syz-executor4 Not tainted 4.17.0-rc7+ #81", null).isEmpty());
    }
}
