package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real logs from public reports, through the whole pipeline with the built-in catalogue: the cause the
 * thread found must come first, with evidence from the log and remediation to act on.
 */
class RealWorldRankingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "A-2, xfs-lvm-nfs-stack-overflow",
        "B-4, nic-tx-timeout",
        "C-1, hung-task",
        "E-3, oom-despite-page-cache",
        "F-3, disk-media-error",
        "G-3, soft-lockup",
        "H-5, machine-check",
        // issue 8 item 7, collected by i8b (sources in realworld/README.md)
        "rpi4-uas-3485, usb-uas-storage-reset",
        "lacie-uas-6abf2fe6b4bf, usb-uas-storage-reset",
        "smartmontools-490-uas, usb-uas-storage-reset",
        "lede-5226-uas-xhci-mtk, usb-uas-storage-reset",
        "openzfs-704-mpt2sas-failed-drive, scsi-command-timeout",
    })
    void theThreadsCauseRanksFirst(String log, String expected) {
        String resource = "/realworld/" + log + ".log";
        InputTarget target = new InputTarget(log + ".log", () -> getClass().getResourceAsStream(resource));
        AnalysisReport report = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(target), new ArrayList<>());
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        assertEquals(1, report.results().size());
        List<Cause> causes = report.results().get(0).causes();
        assertFalse(causes.isEmpty(), "no cause for " + log);
        Cause first = causes.get(0);
        assertEquals(expected, first.signature(), () -> "ranked: " + causes.stream().map(Cause::signature).toList());
        assertEquals(1, first.rank());
        assertFalse(first.evidence().isEmpty(), "a cause cites its evidence");
        assertTrue(first.evidence().stream().allMatch(e -> e.source().equals(log + ".log") && e.line() >= 1));
        assertFalse(first.remediation().steps().isEmpty());
        assertFalse(first.references().isEmpty());
    }
}
