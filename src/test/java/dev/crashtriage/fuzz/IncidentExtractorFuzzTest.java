package dev.crashtriage.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentExtractor;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident extractor fed arbitrary records: the seeds are real crash logs, one record per line,
 * so the fuzzer starts from reports the detectors recognise and mutates them.
 */
class IncidentExtractorFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void extractAnyRecords(FuzzedDataProvider data) {
        IncidentExtractor extractor = new IncidentExtractor();
        boolean timed = data.consumeBoolean();
        String host = data.consumeBoolean() ? null : "h";
        String text = data.consumeRemainingAsString();
        long line = 0;
        double time = 0;
        for (String t : text.split("\n", -1)) {
            line++;
            time += t.length() / 1000.0;
            extractor.accept(new LogRecord("fuzz.log", line, host, timed ? time : Double.NaN, null,
                    t.length() % 9 - 1, null, "kernel", true, t));
        }
        Extraction e = extractor.finish();
        assertNotNull(e.facts());
        long previous = 0;
        for (Incident i : e.incidents()) {
            assertNotNull(i.kind());
            assertNotNull(i.id());
            assertTrue(i.line() >= 1 && i.line() <= line, "first line inside the input");
            assertTrue(i.endLine() >= i.line() && i.endLine() <= line, "end line after the first, inside the input");
            assertTrue(i.line() >= previous, "incidents in order of first line");
            previous = i.line();
        }
    }
}
