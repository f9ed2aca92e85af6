package dev.crashtriage.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.ReadSummary;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format sniffer and every record parser, through {@link LogReader#read}, on arbitrary bytes:
 * with the format detected, and forced to each format in turn. An IOException is a reported input
 * problem; any other exception, or a record that breaks the record contract, is a bug.
 */
class LogReaderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void readAnyBytes(FuzzedDataProvider data) throws IOException {
        // integral values come from the end of the data, so a seed that is a real log keeps its text
        int choice = data.consumeInt(0, LogFormat.values().length);
        LogFormat forced = choice == LogFormat.values().length ? null : LogFormat.values()[choice];
        byte[] bytes = data.consumeRemainingAsBytes();
        long[] last = {0};
        ReadSummary summary = new LogReader().read(new ByteArrayInputStream(bytes), "fuzz.log", forced, r -> {
            assertNotNull(r.text(), "record text");
            assertTrue(r.line() >= 1, "line numbers are 1-based");
            assertTrue(r.line() >= last[0], "records come in input order");
            assertTrue(r.level() >= -1 && r.level() <= 7, "printk level");
            last[0] = r.line();
        });
        assertNotNull(summary);
        assertNotNull(summary.format(), "a format is always reported");
    }
}
