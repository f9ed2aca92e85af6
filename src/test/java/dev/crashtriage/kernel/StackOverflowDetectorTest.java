package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StackOverflowDetectorTest {

    @Test
    void guardPageHitThenDoubleFaultIsOneIncident() {
        Extraction e = EventTestLogs.extract("stack-guard-page-syzkaller-614.log", new StackOverflowDetector());
        List<Incident> found = EventTestLogs.ofKind(e, IncidentKind.STACK_OVERFLOW);
        assertEquals(1, found.size());
        Incident i = found.get(0);
        assertEquals("kernel stack overflow: stack guard page was hit", i.title());
        assertEquals(2, i.line());
        assertEquals(41, i.endLine(), "registers and call trace are part of it");
        assertNull(i.facts().get("bytes_left"), "the guard page message prints no byte count");
    }

    @Test
    void schedulerCanaryReportEndsAtInterleavedLine() {
        Extraction e = EventTestLogs.extract("stack-end-corrupted-syzkaller-330.log", new StackOverflowDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("kernel stack overflow: corrupted stack end detected inside scheduler", i.title());
        assertEquals(2, i.line());
        // "syz-executor2 (20558) used greatest stack depth: 4808 bytes left" is another task's message
        assertEquals(24, i.endLine());
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
}
