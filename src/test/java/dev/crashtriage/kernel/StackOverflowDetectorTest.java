package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackOverflowDetectorTest {

    @Test
    void guardPageHitIsOneIncidentWithItsStack() {
        // the guard page report is a full crash report: the crash-report detector gives it a syzkaller title, and
        // this detector must not report the same lines a second time
        Extraction e = EventTestLogs.extractAll("stack-guard-page-syzkaller-614.log");
        List<Incident> atReport = e.incidents().stream().filter(i -> i.line() <= 3).toList();
        assertEquals(1, atReport.size(), atReport.toString());
        assertTrue(atReport.get(0).title().startsWith("BUG: stack guard page was hit in "), atReport.get(0).title());
        assertEquals(IncidentKind.STACK_OVERFLOW, atReport.get(0).kind());
        assertEquals(0, EventTestLogs.extract("stack-guard-page-syzkaller-614.log", new StackOverflowDetector()).incidents().size());
    }

    @Test
    void schedulerStackEndCheckIsOneIncident() {
        Extraction e = EventTestLogs.extractAll("stack-end-corrupted-syzkaller-330.log");
        List<Incident> atReport = e.incidents().stream().filter(i -> i.line() <= 3).toList();
        assertEquals(1, atReport.size(), atReport.toString());
        assertTrue(atReport.get(0).title().startsWith("kernel panic: corrupted stack end in "), atReport.get(0).title());
        assertEquals(0, EventTestLogs.extract("stack-end-corrupted-syzkaller-330.log", new StackOverflowDetector()).incidents().size());
    }

    @Test
    void doIrqCheckOnPowerpcKeepsBytesLeft() {
        Extraction e = EventTestLogs.extract("stack-do-irq-ppc64-6.0.log", new StackOverflowDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("kernel stack overflow: do_IRQ stack overflow", i.title());
        assertEquals(3072L, i.facts().get("bytes_left"));
        assertEquals(3, i.line());
        assertEquals(12, i.endLine(), "powerpc traces go on past \"--- interrupt:\" markers; the blank line ends it");
    }

    @Test
    void stackDepthStatisticIsNotAnOverflow() {
        IncidentExtractor x = new IncidentExtractor(List.of(new StackOverflowDetector()));
        x.accept(EventTestLogs.parse("t", 1, "[  336.153262] syz-executor2 (20558) used greatest stack depth: 4808 bytes left"));
        assertEquals(0, x.finish().incidents().size());
    }

    @Test
    void x8664DoIrqOverflowIsAStackOverflowWithTheTaskItHit() {
        Extraction e = EventTestLogs.extractAll("stack-do-irq-mce-inject-x86_64.log");
        List<Incident> so = EventTestLogs.ofKind(e, IncidentKind.STACK_OVERFLOW);
        assertEquals(1, so.size(), so::toString);
        Incident i = so.get(0);
        assertEquals("kernel stack overflow: do_IRQ: kernel stack overflown", i.title());
        assertEquals("swapper/0", i.comm());
        assertEquals("do_IRQ", i.fact(Facts.CHECK));
        assertEquals(11, i.line(), "from the 'cut here' line of the WARNING that prints it (one event, one incident)");
    }

    @Test
    void riscvHandleBadStackAndItsPanicAreOneOverflow() {
        Extraction e = EventTestLogs.extractAll("stack-riscv-vmap-5.12.log");
        List<Incident> so = EventTestLogs.ofKind(e, IncidentKind.STACK_OVERFLOW);
        assertEquals(1, so.size(), so::toString);
        assertEquals("kernel stack overflow: insufficient stack space to handle exception", so.get(0).title());
        assertEquals(6, so.get(0).line());
        assertTrue(so.get(0).endLine() >= 16, "through \"Kernel panic - not syncing: Kernel stack overflow\"");
    }

    @Test
    void otherChecksWordings() {
        // i386 print_stack_overflow() and parisc stack_overflow_check(), worded as in arch/x86/kernel/irq_32.c and
        // arch/parisc/kernel/irq.c (constructed lines; the parisc one as quoted on LKML with its values)
        for (String[] c : new String[][] {
            {"low stack detected by irq handler", "kernel stack overflow: low stack detected by irq handler"},
            {"Kernel panic - not syncing: low stack detected by irq handler - check messages", "kernel stack overflow: low stack detected by irq handler"},
            {"stackcheck: swapper/0 will most likely overflow irq stack (sp:11e51800, stk bottom-top:11460004-11468004)", "kernel stack overflow: stackcheck: will most likely overflow irq stack"},
            {"Kernel stack overflow in process swapper/0[1], r1=c0e0bfd0", "kernel stack overflow: kernel stack overflow (powerpc)"},
            {"Kernel panic - not syncing: kernel stack overflow", "kernel stack overflow: kernel stack overflow (panic)"}}) {
            IncidentExtractor x = new IncidentExtractor(List.of(new StackOverflowDetector()));
            x.accept(EventTestLogs.parse("t", 1, c[0]));
            List<Incident> found = x.finish().incidents();
            assertEquals(1, found.size(), c[0]);
            assertEquals(c[1], found.get(0).title());
        }
    }

    @Test
    void lookAlikesAreNoOverflow() {
        // a smashed canary, a module named after stacks, prose about overflows
        for (String t : new String[] {"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffffa0b1c2d3",
            "Kernel stack overflow detection is enabled", "do_IRQ(): handler registered for irq 5"}) {
            IncidentExtractor x = new IncidentExtractor(List.of(new StackOverflowDetector()));
            x.accept(EventTestLogs.parse("t", 1, t));
            assertEquals(0, x.finish().incidents().size(), t);
        }
    }
}
