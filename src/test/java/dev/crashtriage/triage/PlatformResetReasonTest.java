package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A boot that ends with no last words, then the AMD platform's reset-reason line at the next boot: the line decides
 * what the unclean reboot was. Constructed from the real lines of one report
 * (https://github.com/FrameworkComputer/SoftwareFirmwareIssueTracker/issues/41: the previous boot's first lines and
 * the next boot's reset reason; the middle of the boot trimmed), with the reason swapped for the register's other
 * reasons as printed in https://github.com/sonic-net/sonic-linux-kernel/pull/514.
 */
class PlatformResetReasonTest {

    private static final String BANNER = "fedora kernel: Linux version 6.19.8-200.fc43.x86_64 (mockbuild@18ffb6c38e5a42008437d0b88e2dfd4e)"
            + " (gcc (GCC) 15.2.1 20260123 (Red Hat 15.2.1-7), GNU ld version 2.45.1-4.fc43) #1 SMP PREEMPT_DYNAMIC Fri Mar 13 22:06:06 UTC 2026\n";

    private static String log(String reason) {
        return "Mar 17 17:26:20 " + BANNER
                + "Mar 17 17:26:20 fedora kernel: BIOS-provided physical RAM map:\n"
                + "Mar 17 17:26:21 fedora systemd[1]: Started systemd-journald.service - Journal Service.\n"
                + "Mar 20 11:33:30 " + BANNER
                + "Mar 20 11:33:30 fedora kernel: BIOS-provided physical RAM map:\n"
                + (reason == null ? "" : "Mar 20 11:33:36 fedora kernel: x86/amd: Previous system reset reason " + reason + "\n");
    }

    private static List<Cause> causes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        InputTarget t = new InputTarget("journal.txt", () -> new ByteArrayInputStream(bytes));
        AnalysisReport r = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        return r.results().stream().flatMap(h -> h.causes().stream()).toList();
    }

    private static List<String> ids(List<Cause> causes) {
        return causes.stream().map(Cause::signature).toList();
    }

    private static double confidence(List<Cause> causes, String id) {
        return causes.stream().filter(c -> c.signature().equals(id)).findFirst().orElseThrow().confidence();
    }

    @Test
    void aSyncFloodAtTheNextBootExplainsTheUncleanRebootAheadOfASilentHang() {
        List<String> ranked = ids(causes(log("[0x08000800]: an uncorrected error caused a data fabric sync flood event")));
        assertEquals("data-fabric-sync-flood-reset", ranked.get(0), ranked::toString);
        assertTrue(ranked.contains("silent-hang-unclean-reboot"), "the generic cause still matches, below: " + ranked);
    }

    @Test
    void theRegistersOtherReasonsLeaveTheSilentHang() {
        for (String reason : List.of("[0x02000800]: hardware watchdog timer expired",
                "[0x00080800]: software wrote 0x6 to reset control register 0xCF9")) {
            List<String> ranked = ids(causes(log(reason)));
            assertEquals(List.of("silent-hang-unclean-reboot"), ranked, reason);
        }
    }

    @Test
    void theResetReasonMovesTheSilentHangsConfidenceTheWayItPoints() {
        double none = confidence(causes(log(null)), "silent-hang-unclean-reboot");
        double watchdog = confidence(causes(log("[0x02000800]: hardware watchdog timer expired")), "silent-hang-unclean-reboot");
        double software = confidence(causes(log("[0x00080800]: software wrote 0x6 to reset control register 0xCF9")),
                "silent-hang-unclean-reboot");
        assertTrue(watchdog > none, watchdog + " vs " + none + ": the hardware watchdog reset a hung machine");
        assertTrue(software < none, software + " vs " + none + ": software asked for this reset");
        assertFalse(ids(causes(log(null))).contains("data-fabric-sync-flood-reset"));
    }
}
