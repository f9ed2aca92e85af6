package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HardwareErrorDetectorTest {

    @Test
    void fatalMachineCheckOf25Era() {
        Extraction e = EventTestLogs.extract("mce-2.5-H5.log", new HardwareErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.MACHINE_CHECK, i.kind());
        assertEquals("machine check: bank 0, CPU context corrupt", i.title());
        assertEquals(2, i.line());
        assertEquals(4, i.endLine(), "the panic line is part of the machine check");
        assertEquals(0, i.facts().get("bank"));
        assertEquals("f60600000000135", i.facts().get("status"));
        assertEquals("000000001ea46db0", i.facts().get("address"));
        assertNull(i.facts().get("corrected"), "a status with a missing digit is not decoded");
    }

    @Test
    void edacDecodeOfAMachineCheckIsOneEdacIncident() {
        Extraction e = EventTestLogs.extract("edac-sbridge-dmesg-T.log", new HardwareErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.EDAC, i.kind());
        assertEquals("EDAC MC0: corrected memory error on CPU_SrcID#0_Ha#0_Chan#2_DIMM#0", i.title());
        Map<String, Object> f = i.facts();
        assertEquals(0, f.get("mc"));
        assertEquals(1L, f.get("count"));
        assertEquals(0, f.get("uncorrected"));
        assertEquals("CPU_SrcID#0_Ha#0_Chan#2_DIMM#0", f.get("location"));
        assertEquals(5, f.get("bank"));
        assertEquals("8c00004000010092", f.get("status"));
        assertEquals(1, f.get("corrected"), "UC (bit 61) is clear in 0x8c00004000010092");
        assertEquals(1, f.get("status_valid"), "VAL (bit 63) is set");
        assertEquals(0, f.get("error_enabled"), "EN (bit 60) is clear: a corrected error is reported, not signalled");
        assertEquals(0, f.get("pcc"));
        assertEquals("849923380", f.get("address"));
        assertEquals(2, i.line());
        assertEquals(9, i.endLine());
    }

    @Test
    void theStatusFlagsThatMustAgreeAreDecodedOnce() {
        // https://github.com/andikleen/mcelog/issues/70: a600000000020408 = VAL, UC, PCC set, EN clear
        String log = """
                [    0.060928] mce: [Hardware Error]: Machine check events logged
                [    0.060932] mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 4: a600000000020408
                [    0.060941] mce: [Hardware Error]: TSC 0 ADDR fef4c9e0
                """;
        List<IncidentBuilder> found = TestLogs.detect(new HardwareErrorDetector(), TestLogs.records("t", log));
        assertEquals(1, found.size());
        var f = found.get(0).facts;
        assertEquals(0, f.get(Facts.CORRECTED));
        assertEquals(1, f.get(Facts.STATUS_VALID));
        assertEquals(0, f.get(Facts.ERROR_ENABLED));
        assertEquals(1, f.get(Facts.PCC));
    }

    @Test
    void correctedErrorStormIsOneEpisodeWithACount() {
        Extraction e = EventTestLogs.extract("edac-storm-syslog.log", new HardwareErrorDetector());
        List<Incident> found = EventTestLogs.ofKind(e, IncidentKind.EDAC);
        assertEquals(1, found.size());
        Incident i = found.get(0);
        assertEquals(4L + 2 + 6 + 1 + 1 + 1 + 1, i.facts().get("count"));
        assertEquals("CPU#0Channel#2_DIMM#0", i.facts().get("location"));
        assertEquals(2, i.line());
        assertEquals(9, i.endLine());
    }

    @Test
    void apeiGhesRecord() {
        Extraction e = EventTestLogs.extract("ghes-memory-corrected.log", new HardwareErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.HARDWARE_ERROR, i.kind());
        assertEquals("hardware error (APEI GHES, corrected, memory error)", i.title());
        assertEquals(1, i.facts().get("corrected"));
        assertEquals("0x0000006a47d1f540", i.facts().get("address"));
        assertEquals(11, i.endLine());
    }

    @Test
    void bootTimeMceBannerIsNotAnError() {
        IncidentExtractor x = new IncidentExtractor(List.of(new HardwareErrorDetector()));
        // from the mcelog#70 report: printed at every boot on machines with MCA
        x.accept(EventTestLogs.parse("t", 1, "[    0.043437] mce: CPU supports 7 MCE banks"));
        assertEquals(0, x.finish().incidents().size());
    }

    @Test
    void amd64EdacOldFormatOneIncidentPerError() {
        Extraction e = EventTestLogs.extract("edac-amd64-northbridge.log", new HardwareErrorDetector());
        List<Incident> found = EventTestLogs.ofKind(e, IncidentKind.EDAC);
        assertEquals(5, found.size(), "errors minutes to hours apart are separate episodes");
        Incident i = found.get(0);
        assertEquals("EDAC MC0: corrected memory error on row 3 channel 0", i.title());
        assertEquals(1L, i.facts().get("count"), "the ERROR_ADDRESS line and the CE line are one error");
        assertEquals("0x3c7d2dc00", i.facts().get("address"));
        assertEquals(2, i.line(), "the Northbridge decode line starts it");
        assertEquals(5, i.endLine());
        assertEquals("row 2 channel 0", found.get(4).facts().get("location"));
    }

    @Test
    void edacLabelNamesTheDimm() {
        Extraction e = EventTestLogs.extract("edac-i82975x-label.log", new HardwareErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("EDAC MC0: corrected memory error on DIMM B1", i.title());
        assertEquals(10L, i.facts().get("count"));
        assertEquals(0, i.facts().get("uncorrected"));
        assertEquals(11, i.endLine());
    }

    @Test
    void anInjectedUncorrectedMachineCheckIsFatalNotCorrected() {
        Extraction e = EventTestLogs.extractAll("stack-do-irq-mce-inject-x86_64.log");
        List<Incident> mce = EventTestLogs.ofKind(e, IncidentKind.MACHINE_CHECK);
        assertEquals(1, mce.size(), mce::toString);
        Incident i = mce.get(0);
        assertEquals(0, i.fact(Facts.CORRECTED), "b4000000000000c0: UC (bit 61) set");
        assertEquals(1, i.fact(Facts.FATAL), "\"Kernel panic - not syncing: Fatal machine check\" joins it");
        assertEquals(4, i.fact(Facts.BANK));
    }

    @Test
    void fatalLocalMachineCheckAloneOpensAMachineCheck() {
        // mce_panic("Fatal local machine check", ..) in arch/x86/kernel/cpu/mce/core.c (constructed line)
        IncidentExtractor x = new IncidentExtractor(List.of(new HardwareErrorDetector()));
        x.accept(EventTestLogs.parse("t", 1, "[ 5123.402011] Kernel panic - not syncing: Fatal local machine check"));
        List<Incident> found = x.finish().incidents();
        assertEquals(1, found.size());
        assertEquals(IncidentKind.MACHINE_CHECK, found.get(0).kind());
        assertEquals(1, found.get(0).fact(Facts.FATAL));
        assertEquals("machine check: fatal", found.get(0).title());
    }

    @Test
    void oneCorrectedMachineCheckIsNeitherFatalNorUncorrected() {
        // the modern decoder's shape (constructed): status 8c00004000010090 has VAL set and UC (bit 61) clear
        IncidentExtractor x = new IncidentExtractor(List.of(new HardwareErrorDetector()));
        String[] log = {"[ 9001.000001] mce: [Hardware Error]: Machine check events logged",
            "[ 9001.000002] mce: [Hardware Error]: CPU 2: Machine Check: 0 Bank 5: 8c00004000010090",
            "[ 9001.000003] mce: [Hardware Error]: TSC 0 ADDR 1f6c5e5c0 MISC 904aa0800086"};
        for (int n = 0; n < log.length; n++) {
            x.accept(EventTestLogs.parse("t", n + 1, log[n]));
        }
        Incident i = x.finish().incidents().get(0);
        assertEquals(1, i.fact(Facts.CORRECTED));
        assertEquals(0, i.fact(Facts.FATAL));
        assertEquals("machine check: bank 5, corrected", i.title());
    }

    @Test
    void aRecordPolledAtBootKeepsItsKernelTimeAsSecondsSinceBoot() {
        // rasdaemon issue 95 (a record left from before the reset, logged at 0.64 s) and rasdaemon issue 155 (one of
        // the running boot, 23 minutes in); the samples of signatures/hw/mce-logged-at-boot
        String atBoot = """
                [    0.644337] mce: [Hardware Error]: Machine check events logged
                [    0.644338] mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 17: dc2040000000011b
                """;
        String running = """
                [ 1366.830245] mce: [Hardware Error]: Machine check events logged
                [ 1366.830251] mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 9: 0000000000000000
                """;
        assertEquals(0L, TestLogs.detect(new HardwareErrorDetector(), TestLogs.records("t", atBoot)).get(0)
                .facts.get(Facts.SECONDS_SINCE_BOOT));
        assertEquals(1366L, TestLogs.detect(new HardwareErrorDetector(), TestLogs.records("t", running)).get(0)
                .facts.get(Facts.SECONDS_SINCE_BOOT));
        String noKernelTime = """
                Feb 23 03:28:16 kernel: mce: [Hardware Error]: Machine check events logged
                Feb 23 03:28:16 kernel: EDAC sbridge MC1: CPU 1: Machine Check Event: 0 Bank 11: 8c00004f000800c2
                """;
        assertNull(TestLogs.detect(new HardwareErrorDetector(), TestLogs.records("t", noKernelTime)).get(0)
                .facts.get(Facts.SECONDS_SINCE_BOOT), "without kernel times the boot offset is unknown, not zero");
    }
}
