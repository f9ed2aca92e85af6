package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 2.4-2.6.3x wordings of lockups and RCU stalls that newer kernels word differently. */
class OldWordingsTest {

    @Test
    void nmiWatchdogDetectedLockupOf26IsAHardLockup() {
        // arch/x86/kernel/nmi.c: die_nmi("NMI Watchdog detected LOCKUP on CPU %d\n", regs)
        List<Incident> found = EventTestLogs.ofKind(EventTestLogs.extractAll("nmi-watchdog-lockup-2.6.18.log"),
                IncidentKind.HARD_LOCKUP);
        assertEquals(1, found.size());
        assertTrue(found.get(0).title().startsWith("BUG: hard lockup in "), found.get(0).title());
        assertEquals("scsi_eh_2", found.get(0).comm());
    }

    @Test
    void rcuDetectedCpuStallOf26IsAnRcuStall() {
        // kernel/rcuclassic.c / rcutree.c print_cpu_stall(): "INFO: RCU detected CPU %d stall (t=%lu/%lu jiffies)"
        List<Incident> found = EventTestLogs.ofKind(EventTestLogs.extractAll("rcu-old-wording-2.6.31.log"),
                IncidentKind.RCU_STALL);
        assertEquals(1, found.size());
        assertTrue(found.get(0).title().startsWith("INFO: rcu detected stall in "), found.get(0).title());
    }

    @Test
    void proseAboutTheOldMessagesIsNoIncident() {
        IncidentExtractor x = new IncidentExtractor();
        x.accept(EventTestLogs.parse("t", 1, "the kernel was panicking about \"nmi watchdog detected lockup on CPU 1.\""));
        assertEquals(0, x.finish().incidents().size());
    }
}
