package dev.crashtriage.signature;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the signature loader and, for whatever loads, the engine on fuzzed lines: no input may
 * throw, and every error must carry a usable location. Without JAZZER_FUZZ this runs the seeds in
 * SignatureLoaderFuzzTestInputs/ as a regression test; with JAZZER_FUZZ=1 it fuzzes for maxDuration.
 */
class SignatureLoaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void loaderAndEngineNeverThrow(FuzzedDataProvider data) {
        String yaml = data.consumeString(4000);
        SignatureLoader.Result r = SignatureLoader.load("fuzz.yml", null, yaml);
        for (SignatureException e : r.errors()) {
            assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
            assertTrue(e.getMessage().startsWith("fuzz.yml:" + e.line() + ":" + e.column() + ": "), e.getMessage());
        }
        if (!r.ok()) {
            return;
        }
        List<LogRecord> lines = new ArrayList<>();
        for (int i = 1; data.remainingBytes() > 0 && i < 50; i++) {
            lines.add(LogRecord.plain("fuzz", i, data.consumeString(300)));
        }
        EngineFixture.run(List.of(r.signature()), lines);
    }
}
