package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactsCollectorTest {

    private static Detector[] eventDetectors() {
        return new Detector[] {new OomKillDetector(), new PageAllocationFailureDetector(), new StackOverflowDetector(),
            new HardwareErrorDetector(), new BlockIoDetector(), new FilesystemErrorDetector(),
            new NicTxTimeoutDetector()};
    }

    @Test
    void debianBuildFromThePidLine() {
        KernelFacts f = EventTestLogs.extract("oom-lowmem-pae-E3.log").facts();
        assertEquals("3.2.0-4-686-pae", f.version());
        assertEquals("#1 Debian 3.2.32-1", f.build());
        assertEquals("i386", f.arch(), "a -686-pae Debian kernel is 32-bit x86");
        assertNull(f.taint());
        assertEquals(1, f.boots().size());
        assertEquals(2, f.boots().get(0).line());
        assertEquals(29, f.boots().get(0).endLine());
        assertFalse(f.boots().get(0).unclean());
    }

    @Test
    void arm64TaintAndHardware() {
        KernelFacts f = EventTestLogs.extract("softlockup-arm64-G3-head.log").facts();
        assertEquals("4.1.34", f.version());
        assertEquals("#2", f.build());
        assertEquals("arm64", f.arch(), "the 'pc : ' register line, although 'PC is at' comes first");
        assertEquals("Huawei Taishan 2180 /BC11SPCC, BIOS 1.31 06/23/2016", f.hardware());
        assertEquals("G            EL", f.taint(), "the last taint seen: the soft lockup added L");
        assertEquals(List.of("unsigned module loaded", "soft lockup occurred"), f.taintFlags());
    }

    @Test
    void i386OopsOf267TellsVersionInEflags() {
        KernelFacts f = EventTestLogs.extract("oops-i386-2.6.7-A2-head.log").facts();
        assertEquals("2.6.7", f.version());
        assertEquals("i386", f.arch());
        assertEquals(List.of("eepro100"), f.modules());
    }

    @Test
    void bannerGivesVersionAndBuild() {
        KernelFacts f = EventTestLogs.extract("boot-rpi-3.12.log").facts();
        assertEquals("3.12.28+", f.version());
        assertEquals("#709 PREEMPT Mon Sep 8 15:28:00 BST 2014", f.build());
        assertEquals(1, f.boots().size(), "'Booting Linux' and the banner are the same boot");
        assertEquals(2, f.boots().get(0).line());
        assertEquals("3.12.28+", f.boots().get(0).version());
    }

    @Test
    void rebootAfterPanicWithoutShutdownIsUnclean() {
        Extraction e = EventTestLogs.extract("reboot-after-panic-coreos.log");
        KernelFacts f = e.facts();
        assertEquals(2, f.boots().size());
        BootSession first = f.boots().get(0);
        BootSession second = f.boots().get(1);
        assertEquals(4, first.line());
        assertEquals(14, first.endLine());
        assertFalse(first.unclean());
        assertEquals(16, second.line(), "the kernel clock restarting at 0 starts the boot, before the banner");
        assertTrue(second.unclean());
        assertEquals("4.1.6-coreos-r1", second.version());
        assertEquals("#2 SMP Wed Sep 2 04:16:15 UTC 2015", f.build());
        assertEquals("innotek GmbH VirtualBox/VirtualBox, BIOS VirtualBox 12/01/2006", f.hardware());
        List<Incident> reboots = EventTestLogs.ofKind(e, IncidentKind.UNCLEAN_REBOOT);
        assertEquals(1, reboots.size());
        Incident r = reboots.get(0);
        assertEquals("unclean reboot after kernel panic", r.title());
        assertEquals(16, r.line());
        assertEquals(13L, r.facts().get("previous_line"), "the last kernel line, not the bootloader's");
        assertEquals(1, r.facts().get("panic_before"));
        assertNull(r.facts().get("gap_seconds"), "no wall-clock times on either side");
        assertEquals(1, r.boot());
    }

    @Test
    void userspaceFaultsAreCountedNotIncidents() {
        Extraction e = EventTestLogs.extract("userspace-faults-lede.log", eventDetectors());
        assertEquals(0, e.incidents().size());
        assertEquals(3, e.context().get("segfault"));
        assertEquals(1, e.context().get("user-general-protection"));
    }

    @Test
    void taintLettersAreDecodedPerTheKernelDocumentation() {
        assertEquals(List.of("proprietary module loaded", "warning issued", "out-of-tree module loaded"),
                TaintFlags.decode("P        W  O"));
        assertEquals(List.of(), TaintFlags.decode("G"));
    }

    /**
     * `journalctl -k` of two boots (constructed: the three shutdown lines are verbatim from a public 6.x report
     * found with the search tool, a bonded mlx4_en host powering off; the rest is invented). The kernel's own
     * shutdown lines make the reboot clean although no userspace line is in the log.
     */
    private static Extraction journalK(String... lastWords) {
        List<String> log = new java.util.ArrayList<>(List.of(
                "Mar 02 21:14:03 node7 kernel: mlx4_en 0000:01:00.0: removed PHC",
                "Mar 02 21:14:03 node7 kernel: bond0: (slave eth3): Releasing backup interface"));
        log.addAll(List.of(lastWords));
        log.add("-- Boot 4f1c2b0d3e6a4a9b8d0c9e1f2a3b4c5d --");
        log.add("Mar 02 21:16:40 node7 kernel: Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)");
        IncidentExtractor x = new IncidentExtractor(List.of());
        for (int i = 0; i < log.size(); i++) {
            x.accept(EventTestLogs.parse("k", i + 1, log.get(i)));
        }
        return x.finish();
    }

    @Test
    void theKernelsOwnShutdownLinesMakeAKernelOnlyRebootClean() {
        Extraction clean = journalK("Mar 02 21:14:04 node7 kernel: ACPI: PM: Preparing to enter system sleep state S5",
                "Mar 02 21:14:04 node7 kernel: kvm: exiting hardware virtualization",
                "Mar 02 21:14:04 node7 kernel: reboot: Power down");
        assertEquals(2, clean.facts().boots().size());
        assertFalse(clean.facts().boots().get(1).unclean());
        assertEquals(0, EventTestLogs.ofKind(clean, IncidentKind.UNCLEAN_REBOOT).size());
        Extraction kvmOnly = journalK("Mar 02 21:14:04 node7 kernel: kvm: exiting hardware virtualization");
        assertFalse(kvmOnly.facts().boots().get(1).unclean(), "the kvm reboot notifier alone says it");
    }

    @Test
    void suspendOrNoLastWordsIsNoCleanShutdown() {
        Extraction suspend = journalK("Mar 02 21:14:04 node7 kernel: ACPI: PM: Preparing to enter system sleep state S3");
        assertTrue(suspend.facts().boots().get(1).unclean(), "S3 is a suspend, not a power-off");
        Extraction silent = journalK();
        List<Incident> reboots = EventTestLogs.ofKind(silent, IncidentKind.UNCLEAN_REBOOT);
        assertEquals(1, reboots.size());
        assertEquals(1, reboots.get(0).fact(Facts.KERNEL_ONLY_LOG), "kernel lines only: a userspace shutdown could not show");
    }
}
