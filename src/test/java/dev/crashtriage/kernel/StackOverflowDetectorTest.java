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
}
