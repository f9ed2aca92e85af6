package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One event, one incident: an event's own WARNING or panic is part of it; a later, unrelated one is not. */
class EventFoldingTest {

    @Test
    void aDoIrqOverflowInsideItsWarningIsOneStackOverflowAndTheMachineCheckKeepsItsPanic() {
        Extraction e = EventTestLogs.extractAll("stack-do-irq-mce-inject-x86_64.log");
        List<Incident> all = e.incidents();
        assertEquals(2, all.size(), all::toString);
        Incident mce = all.get(0);
        assertEquals(IncidentKind.MACHINE_CHECK, mce.kind());
        assertEquals(1, mce.fact(Facts.PANICKED), "'Kernel panic - not syncing: Fatal machine check' ends the machine check");
        Incident overflow = all.get(1);
        assertEquals(IncidentKind.STACK_OVERFLOW, overflow.kind(), "the WARNING in handle_irq is the overflow's own report");
        assertEquals(11, overflow.line(), "from the 'cut here' line");
        assertTrue(overflow.endLine() >= 29, "through the WARNING's end trace");
        assertTrue(overflow.frames().stream().anyMatch(f -> "do_IRQ".equals(f.function())), overflow.frames()::toString);
    }

    @Test
    void theRiscvOverflowAndItsPanicAreOneIncident() {
        List<Incident> all = EventTestLogs.extractAll("stack-riscv-vmap-5.12.log").incidents();
        assertEquals(1, all.size(), all::toString);
        assertEquals(IncidentKind.STACK_OVERFLOW, all.get(0).kind());
        assertEquals(1, all.get(0).fact(Facts.PANICKED));
    }

    @Test
    void aNetdevWatchdogInsideDevWatchdogsWarningIsOneTransmitTimeout() {
        List<Incident> all = EventTestLogs.extractAll("nic-watchdog-ftgmac100.log").incidents();
        assertEquals(1, all.size(), all::toString);
        assertEquals(IncidentKind.NIC_TX_TIMEOUT, all.get(0).kind());
        assertEquals("ksoftirqd/0", all.get(0).comm(), "the task from the WARNING's CPU/PID line");
    }

    @Test
    void aWatchdogInSyslogLinesWithoutKernelTimeFoldsItsWarningHeadWithoutATime() {
        // the 'cut here' line comes before the watchdog line and no line has a monotonic time: folding took the head's
        // time and unboxed a null (an internal error on a real log, mptcp issue 61)
        List<Incident> all = EventTestLogs.extractAll("nic-watchdog-igb-syslog-no-monotime.log").incidents();
        assertEquals(1, all.size(), all::toString);
        assertEquals(IncidentKind.NIC_TX_TIMEOUT, all.get(0).kind());
        assertEquals(2, all.get(0).line(), "from the 'cut here' line");
        assertEquals(null, all.get(0).time());
        assertTrue(all.get(0).wallTime().endsWith("19:26:35"), all.get(0).wallTime());
    }

    @Test
    void aMachineCheckAndAWarningHalfAMinuteLaterStayTwo() {
        List<Incident> all = EventTestLogs.extractAll("fold-lookalike-mce-then-unrelated-warning-constructed.log").incidents();
        assertEquals(2, all.size(), all::toString);
        assertEquals(IncidentKind.MACHINE_CHECK, all.get(0).kind());
        assertEquals(null, all.get(0).fact(Facts.PANICKED));
    }

    @Test
    void aPanicOfAnotherCauseAfterAMachineCheckStaysItsOwnIncident() {
        List<Incident> all = EventTestLogs.extractAll("fold-lookalike-mce-then-later-panic-constructed.log").incidents();
        assertEquals(2, all.size(), all::toString);
        assertEquals(IncidentKind.MACHINE_CHECK, all.get(0).kind());
        assertEquals(IncidentKind.PANIC, all.get(1).kind());
        assertTrue(all.get(1).title().contains("Unable to mount root fs"), all.get(1).title());
    }
}
