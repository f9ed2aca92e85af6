package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A result's line count is the input's lines, whatever the records made of them. */
class LineCountTest {

    @ParameterizedTest(name = "{0}: {1} lines")
    @CsvSource({
        // one posted line holding two printk records ("... RSP <...> <0>Kernel Panic - not syncing")
        "D-3.log, 1",
        // extended netconsole: dictionary lines and a glued fragment belong to their records
        "I-3.log, 48",
    })
    void linesAreTheInputsLines(String log, long lines) {
        InputTarget t = new InputTarget(log, () -> getClass().getResourceAsStream("/realworld/" + log));
        AnalysisReport r = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        assertEquals(1, r.results().size());
        assertEquals(lines, r.results().get(0).lines());
    }
}
