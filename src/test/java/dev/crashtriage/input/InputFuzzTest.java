package dev.crashtriage.input;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the whole input layer (decompression sniffing, UTF-16 detection, line splitting, format
 * sniffing and every parser). Without JAZZER_FUZZ=1 it replays the seeds in
 * src/test/resources/dev/crashtriage/input/InputFuzzTestInputs/; with it, it fuzzes (see docs/robustness.md).
 */
class InputFuzzTest {
    private static final LogFormat[] FORMATS = LogFormat.values();

    @FuzzTest(maxDuration = "30s")
    void readAnything(byte[] data) throws IOException {
        LogFormat forced = data.length > 0 && data[0] % 3 == 0 ? FORMATS[Math.floorMod(data[0] / 3, FORMATS.length)] : null;
        List<LogRecord> out = new ArrayList<>();
        ReadSummary s = new LogReader(new InputLimits(4096, 1 << 20, 1000))
                .read(new ByteArrayInputStream(data), "fuzz", forced, out::add);
        for (LogRecord r : out) {
            assertTrue(r.text().length() <= 4096 * 2);
            assertTrue(r.line() >= 1 && r.line() <= s.lines());
        }
    }
}
