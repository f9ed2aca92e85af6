package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which MCi_STATUS values contradict themselves, one branch of mce-record-contradicts-itself each. Constructed: the
 * record lines of https://github.com/mchehab/rasdaemon/issues/155 (a running boot, 23 minutes in) with the status
 * replaced; the real captures are the signature's samples.
 */
class McaStatusContradictionTest {

    private static String first(String status) {
        String log = "[ 1366.830245] mce: [Hardware Error]: Machine check events logged\n"
                + "[ 1366.830251] mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 9: " + status + "\n"
                + "[ 1366.838823] mce: [Hardware Error]: TSC 2ac997e3063c3\n";
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        AnalysisReport r = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(new InputTarget("t.log", () -> new ByteArrayInputStream(bytes))), new ArrayList<>());
        return r.results().get(0).causes().get(0).signature();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        // VAL clear: no valid error in the bank
        "0000000000000000, mce-record-contradicts-itself",
        // VAL EN MISCV ADDRV, UC clear, PCC set: a corrected error cannot have corrupted the context
        "9e00000000000000, mce-record-contradicts-itself",
        // VAL UC PCC, EN clear: uncorrected but never enabled, and the boot runs on
        "a600000000020408, mce-record-contradicts-itself",
        // VAL EN MISCV ADDRV, UC and PCC clear: an ordinary corrected error
        "9c00000000000000, machine-check",
        // VAL UC EN PCC: uncorrected and fatal, bits agree (no panic line here, so the generic cause)
        "b200000000070f0f, machine-check",
    })
    void onlyBitsThatDisagreeBlameTheReportingPath(String status, String expected) {
        assertEquals(expected, first(status), status);
    }
}
